// The distribution spec's error answers: an HTTP status and a JSON body of
// `{"errors":[{code, message, detail}]}`, with the spec's codes and
// messages, so clients (helm, a runtime, images-exist) read what a real
// registry would send.

/** One error a registry answers with. */
export interface OciError {
  status: number;
  code: string;
  message: string;
  detail?: string;
}

/** The spec's codes, their status and message. */
const CODES = {
  BLOB_UNKNOWN: [404, 'blob unknown to registry'],
  BLOB_UPLOAD_UNKNOWN: [404, 'blob upload unknown to registry'],
  DIGEST_INVALID: [400, 'provided digest did not match uploaded content'],
  MANIFEST_BLOB_UNKNOWN: [400, 'blob unknown to registry'],
  MANIFEST_INVALID: [400, 'manifest invalid'],
  MANIFEST_UNKNOWN: [404, 'manifest unknown'],
  NAME_INVALID: [400, 'invalid repository name'],
  NAME_UNKNOWN: [404, 'repository name not known to registry'],
  SIZE_INVALID: [400, 'provided length did not match content length'],
  UNSUPPORTED: [405, 'the operation is unsupported'],
} as const;

export type OciErrorCode = keyof typeof CODES;

/** The error for a spec code, with a detail for the reader. */
export function ociError(code: OciErrorCode, detail?: string): OciError {
  const [status, message] = CODES[code];
  return { status, code, message, ...(detail !== undefined ? { detail } : {}) };
}

/** The response body the spec prescribes. */
export function ociErrorBody(e: OciError): string {
  return JSON.stringify({ errors: [{ code: e.code, message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}) }] });
}

/** Thrown by the store and caught by the HTTP layer. */
export class OciFailure extends Error {
  constructor(readonly error: OciError) {
    super(`${error.code}: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
  }
}
