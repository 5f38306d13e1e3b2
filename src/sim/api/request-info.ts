// Parses an API path into what it addresses, as the API server's
// RequestInfoFactory does: group, version, namespace, resource, name,
// subresource, and the verb derived from the method.
import { ApiError, errors } from './errors.js';
import { findResource } from './resources.js';
import type { ResourceType } from '../store/types.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  verb: Verb;
  query: URLSearchParams;
}

function verbOf(method: string, hasName: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return hasName ? 'get' : watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      throw errors.methodNotAllowed(method);
  }
}

/** Resolves a resource path; undefined for non-resource paths (discovery etc.); 404 for unknown kinds. */
export function parseResourcePath(method: string, url: URL): ResourceRequest | undefined {
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw errors.badRequest(`malformed path: ${url.pathname}`);
  }
  let group: string;
  let version: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    parts = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    parts = parts.slice(3);
  } else {
    return undefined;
  }
  let legacyWatch = false;
  if (parts[0] === 'watch') {
    legacyWatch = true;
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  // "namespaces/NAME/RESOURCE..." addresses a namespaced resource, unless
  // RESOURCE is a subresource of the namespace itself ("status", "finalize").
  if (parts[0] === 'namespaces' && parts.length >= 3 && group === '' && !['status', 'finalize'].includes(parts[2]!)) {
    namespace = parts[1];
    parts = parts.slice(2);
  } else if (parts[0] === 'namespaces' && parts.length >= 3 && group !== '') {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const [resource, name, subresource, ...rest] = parts;
  if (!resource || rest.length) throw new NotFoundPath(url.pathname);
  const rt = findResource(group, resource);
  if (!rt || rt.version !== version) throw new NotFoundPath(url.pathname);
  if (!rt.namespaced && namespace !== undefined) throw new NotFoundPath(url.pathname);
  if (subresource && !rt.subresources.includes(subresource)) throw new NotFoundPath(url.pathname);
  const query = url.searchParams;
  const watch = legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
  return {
    rt,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    verb: verbOf(method, name !== undefined, watch),
    query,
  };
}

/** A path that names nothing kubesim serves: answered as a 404 Status like the API server's. */
export class NotFoundPath extends ApiError {
  constructor(readonly path: string) {
    super(404, 'NotFound', 'the server could not find the requested resource', {
      causes: [{ reason: 'UnexpectedServerResponse', message: `404 page not found: ${path}` }],
    });
  }
}
