// kubesim's registry over HTTP: the distribution spec's pull and push
// endpoints (`/v2/`, manifests, blobs, chunked and monolithic uploads, tag
// listing) — what `helm push/pull/show`, a container runtime and
// images-exist speak. Anonymous, plain HTTP, loopback only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ociError, ociErrorBody, OciFailure } from './oci-error.js';
import type { RegistryStore } from './registry-store.js';

/** Largest request body accepted (a chart or a small image). */
const MAX_BODY = 64 * 1024 * 1024;

const ROUTES: Array<[RegExp, 'manifest' | 'uploads' | 'upload' | 'blob' | 'tags']> = [
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, 'manifest'],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, 'uploads'],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, 'upload'],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, 'blob'],
  [/^\/v2\/(.+)\/tags\/list$/, 'tags'],
];

/** An HTTP server answering the registry API from the store (not yet listening). */
export function createRegistryServer(store: RegistryStore): Server {
  return createServer((req, res) => {
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    handle(store, req, res).catch((err: unknown) => {
      const e = err instanceof OciFailure ? err.error : ociError('UNSUPPORTED', (err as Error).message);
      const body = ociErrorBody(e);
      if (res.headersSent) return void res.destroy();
      res.writeHead(e.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
}

async function handle(store: RegistryStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://registry');
  const method = req.method ?? 'GET';
  if (url.pathname === '/v2/' || url.pathname === '/v2') return send(res, method, 200, { 'Content-Type': 'application/json' }, Buffer.from('{}'));
  const route = ROUTES.map(([re, kind]) => ({ m: re.exec(url.pathname), kind })).find((r) => r.m);
  if (!route) throw new OciFailure({ ...ociError('UNSUPPORTED', url.pathname), status: 404 });
  const repository = decodeURIComponent(route.m![1]!);
  const arg = route.m![2] ? decodeURIComponent(route.m![2]) : '';
  store.checkName(repository);
  const base = `/v2/${repository}`;
  switch (`${route.kind} ${method}`) {
    case 'manifest GET':
    case 'manifest HEAD': {
      const m = store.manifest(repository, arg);
      return send(res, method, 200, { 'Content-Type': m.mediaType, 'Docker-Content-Digest': m.digest }, m.body);
    }
    case 'manifest PUT': {
      const digest = store.putManifest(repository, arg, String(req.headers['content-type'] ?? ''), await readBody(req));
      return send(res, method, 201, { Location: `${base}/manifests/${digest}`, 'Docker-Content-Digest': digest });
    }
    case 'blob GET':
    case 'blob HEAD': {
      const blob = store.blob(arg);
      if (!blob) throw new OciFailure(ociError('BLOB_UNKNOWN', arg));
      return send(res, method, 200, { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': arg }, blob);
    }
    case 'uploads POST': {
      const digest = url.searchParams.get('digest');
      const mount = url.searchParams.get('mount');
      if (mount && store.blob(mount)) return send(res, method, 201, { Location: `${base}/blobs/${mount}`, 'Docker-Content-Digest': mount });
      if (digest) {
        const stored = store.putBlob(await readBody(req), digest);
        return send(res, method, 201, { Location: `${base}/blobs/${stored}`, 'Docker-Content-Digest': stored });
      }
      const id = store.startUpload(repository);
      const size = store.appendUpload(repository, id, await readBody(req));
      return uploadState(res, method, base, id, size);
    }
    case 'upload PATCH':
      return uploadState(res, method, base, arg, store.appendUpload(repository, arg, await readBody(req)));
    case 'upload GET':
      return uploadState(res, method, base, arg, store.uploadSize(repository, arg), 204);
    case 'upload PUT': {
      const digest = url.searchParams.get('digest');
      if (!digest) throw new OciFailure(ociError('DIGEST_INVALID', 'the final PUT of an upload needs ?digest='));
      const stored = store.finishUpload(repository, arg, digest, await readBody(req));
      return send(res, method, 201, { Location: `${base}/blobs/${stored}`, 'Docker-Content-Digest': stored });
    }
    case 'tags GET': {
      let tags = store.tags(repository);
      const last = url.searchParams.get('last');
      if (last) tags = tags.filter((t) => t > last);
      const n = Number(url.searchParams.get('n') ?? NaN);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (Number.isInteger(n) && n >= 0 && tags.length > n) {
        tags = tags.slice(0, n);
        headers.Link = `<${base}/tags/list?n=${n}&last=${encodeURIComponent(tags.at(-1) ?? '')}>; rel="next"`;
      }
      return send(res, method, 200, headers, Buffer.from(JSON.stringify({ name: repository, tags })));
    }
    default:
      throw new OciFailure(ociError('UNSUPPORTED', `${method} ${url.pathname}`));
  }
}

function uploadState(res: ServerResponse, method: string, base: string, id: string, size: number, status = 202): void {
  send(res, method, status, { Location: `${base}/blobs/uploads/${id}`, Range: `0-${Math.max(0, size - 1)}`, 'Docker-Upload-UUID': id });
}

function send(res: ServerResponse, method: string, status: number, headers: Record<string, string>, body?: Buffer): void {
  res.writeHead(status, { ...headers, 'Content-Length': body?.length ?? 0 });
  res.end(method === 'HEAD' ? undefined : body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        reject(new OciFailure({ ...ociError('SIZE_INVALID', `larger than ${MAX_BODY} bytes`), status: 413 }));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
