// Request bodies in (JSON, YAML, protobuf) and the response shapes a client
// negotiates through Accept (plain JSON, a Table, PartialObjectMetadata).
import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { ApiError, errors } from './errors.js';
import { decodeProtobufObject, isProtobuf } from './protobuf.js';
import type { KObject } from '../store/types.js';

const maxBody = 8 * 1024 * 1024;

/** Reads a request body, refusing more than 8 MiB (helm release objects are under 1 MiB). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 8388608');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lowercased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** Decodes an object body by its Content-Type; 400 when malformed, 415 when unknown. */
export function decodeObject(contentType: string | undefined, body: Buffer): KObject {
  const type = mediaType(contentType);
  let value: unknown;
  if (isProtobuf(type)) {
    value = decodeProtobufObject(body);
  } else if (type === 'application/json' || type === '*/*' || type === '') {
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw errors.badRequest(`error decoding request body: ${(err as Error).message}`);
    }
  } else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    try {
      value = YAML.parse(body.toString('utf8'));
    } catch (err) {
      throw errors.badRequest(`error decoding YAML request body: ${(err as Error).message}`);
    }
  } else {
    throw errors.unsupportedMedia(type);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest('Object \'Kind\' is missing in the request body: expected a JSON object');
  }
  const obj = value as KObject;
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))) {
    throw errors.badRequest('error decoding request body: metadata must be an object');
  }
  obj.metadata = obj.metadata ?? {};
  return obj;
}

export type ResponseShape = 'object' | 'table' | 'partial';

/**
 * Picks the representation from Accept, in the client's order of preference:
 * `as=Table` (kubectl get), `as=PartialObjectMetadata` (metadata clients), else the object.
 */
export function responseShape(accept: string | undefined): ResponseShape {
  if (!accept) return 'object';
  for (const raw of accept.split(',')) {
    const p = raw.replace(/\s+/g, '');
    if (p.includes('as=Table') && p.includes('g=meta.k8s.io') && /;v=v1(;|$)/.test(p)) return 'table';
    if (p.includes('as=PartialObjectMetadata') && p.includes('g=meta.k8s.io') && /;v=v1(;|$)/.test(p)) return 'partial';
    if (/^(application\/json|\*\/\*|application\/\*)(;|$)/.test(p) && !p.includes('as=')) return 'object';
    if (/^application\/vnd\.kubernetes\.protobuf(;|$)/.test(p) && !p.includes('as=')) return 'object';
  }
  return 'object';
}

/** The metadata-only view of an object. */
export function partialMetadata(obj: KObject): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
