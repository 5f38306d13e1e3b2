// The one error type the kube/ layer throws: a single readable line for the
// operator plus a machine-readable kind, so callers decide (retry, exit,
// show "forbidden") without parsing messages.

/** What went wrong, coarsely: the CLI maps these to exit paths, informers to retry policy. */
export type KubeErrorKind =
  | 'no-config'
  | 'bad-config'
  | 'unknown-context'
  | 'unreachable'
  | 'unauthorized'
  | 'tls'
  | 'forbidden'
  | 'timeout'
  /** The API answered with some other failure (404, 409, 410, 429, 5xx…); see statusCode. */
  | 'api'
  /** Anything we could not classify (kept so nothing is mislabelled as "unreachable"). */
  | 'other';

/** Extra facts an error may carry. */
export interface KubeErrorDetails {
  /** HTTP status of the API's answer, when there was one. */
  statusCode?: number;
  /** `reason` of the API's Status body ("Forbidden", "Expired", …). */
  reason?: string;
  /** `message` of the API's Status body, verbatim. */
  apiMessage?: string;
  /** The node/undici error code behind a network failure (ECONNREFUSED, CERT_HAS_EXPIRED…). */
  code?: string;
  cause?: unknown;
}

/** A kube/ failure with a one-line message and a kind. */
export class KubeError extends Error {
  readonly kind: KubeErrorKind;
  readonly statusCode: number | undefined;
  readonly reason: string | undefined;
  readonly apiMessage: string | undefined;
  readonly code: string | undefined;

  constructor(kind: KubeErrorKind, message: string, details: KubeErrorDetails = {}) {
    // Messages go to one status-bar line: never let a newline through.
    super(oneLine(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'KubeError';
    this.kind = kind;
    this.statusCode = details.statusCode;
    this.reason = details.reason;
    this.apiMessage = details.apiMessage;
    this.code = details.code;
  }
}

/** Collapses whitespace runs (newlines included) so a message fits one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
