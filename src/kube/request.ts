// Authenticated GETs against the API server, done the way client-node does
// its own (RequestContext + kc.applySecurityAuthentication + its undici
// fetch with the context's dispatcher), so tokens, client certificates, exec
// plugins and CAs behave exactly as for client-node — plus what client-node
// lacks: the Status message on errors, timeouts, abort, and paginated lists.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext } from '@kubernetes/client-node';
import { describeError, statusError, type ApiStatus } from './describe-error.js';
import type { Connection, KubeObject } from './types.js';

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** Options shared by every request. */
export interface RequestOptions {
  query?: Query;
  /** Whole-request limit for JSON requests; for streams, the limit until the headers arrive. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** An open streaming response (status 200); `close()` aborts it and frees its connection. */
export interface OpenStream {
  body: ReadableStream<Uint8Array>;
  close(): void;
}

const library = new IsomorphicFetchHttpLibrary();

/** The full URL of `path` on the connection's server. */
export function apiUrl(conn: Connection, path: string, query: Query = {}): URL {
  const url = new URL(conn.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

interface Sent {
  status: number;
  text(): Promise<string>;
  stream(): ReadableStream<Uint8Array> | null;
  /** Aborts the request (if still running) and closes the per-request dispatcher. */
  release(): void;
}

async function send(conn: Connection, path: string, opts: RequestOptions, accept: string, streaming = false): Promise<Sent> {
  const url = apiUrl(conn, path, opts.query);
  const what = `GET ${url.pathname}`;
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = opts.timeoutMs ? setTimeout(() => controller.abort(new DOMException(`${what} timed out`, 'TimeoutError')), opts.timeoutMs) : undefined;
  let dispatcher: { close(): Promise<void> } | undefined;
  const release = () => {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    if (!controller.signal.aborted) controller.abort();
    // applySecurityAuthentication makes a fresh undici Agent per request; close it or its sockets linger.
    dispatcher?.close().catch(() => {});
    dispatcher = undefined;
  };
  try {
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    ctx.setHeaderParam('Accept', accept);
    ctx.setHeaderParam('User-Agent', 'helmdeck');
    await conn.kc.applySecurityAuthentication(ctx);
    dispatcher = ctx.getDispatcher() as { close(): Promise<void> } | undefined;
    ctx.setSignal(controller.signal);
    const resp = await library.send(ctx).toPromise();
    // A stream may then run for as long as it likes; its reader watches for silence.
    if (streaming) clearTimeout(timer);
    return {
      status: resp.httpStatusCode,
      text: () => resp.body.text(),
      stream: () => (resp.body as unknown as { stream(): ReadableStream<Uint8Array> | null }).stream(),
      release,
    };
  } catch (err) {
    const aborted = controller.signal.aborted ? controller.signal.reason : undefined;
    release();
    throw describeError(aborted ?? err, conn.server);
  }
}

async function failure(conn: Connection, sent: Sent, path: string): Promise<never> {
  let status: ApiStatus | undefined;
  try {
    const parsed = JSON.parse(await sent.text());
    if (parsed?.kind === 'Status') status = parsed;
  } catch {
    // Not JSON (a proxy's HTML page): the HTTP status says enough.
  }
  sent.release();
  throw statusError(sent.status, status, conn.server, `GET ${path}`);
}

/** GETs `path` and parses the JSON answer; throws KubeError (with statusCode and the API's message) on failure. */
export async function getJson<T = unknown>(conn: Connection, path: string, opts: RequestOptions = {}): Promise<T> {
  const sent = await send(conn, path, opts, 'application/json');
  if (sent.status < 200 || sent.status > 299) return failure(conn, sent, path);
  try {
    return JSON.parse(await sent.text()) as T;
  } catch (err) {
    throw describeError(err, conn.server);
  } finally {
    sent.release();
  }
}

/** Opens a streaming GET (watch, log follow); errors before the body starts are thrown as KubeError. */
export async function openStream(conn: Connection, path: string, opts: RequestOptions = {}, accept = '*/*'): Promise<OpenStream> {
  const sent = await send(conn, path, opts, accept, true);
  if (sent.status < 200 || sent.status > 299) return failure(conn, sent, path);
  const body = sent.stream();
  if (!body) {
    sent.release();
    throw statusError(sent.status, { message: 'empty response body' }, conn.server, `GET ${path}`);
  }
  return { body, close: sent.release };
}

/** What a full list returned: every item and the list's resourceVersion (to watch from). */
export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
  /** Kind and apiVersion of the items (list items come without them). */
  kind?: string;
  apiVersion?: string;
}

interface ListPage<T> {
  kind?: string;
  apiVersion?: string;
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** Lists a collection page by page (`limit`/`continue`); restarts unpaginated if the continue token expires (410). */
export async function listAll<T = KubeObject>(conn: Connection, path: string, opts: RequestOptions & { limit?: number } = {}): Promise<ListResult<T>> {
  const items: T[] = [];
  let limit = opts.limit ?? 500;
  let cont: string | undefined;
  let page: ListPage<T>;
  while (true) {
    const query = { ...opts.query, ...(limit > 0 ? { limit } : {}), ...(cont ? { continue: cont } : {}) };
    try {
      page = await getJson<ListPage<T>>(conn, path, { ...opts, query });
    } catch (err: any) {
      if (!cont || err?.statusCode !== 410) throw err;
      // client-go does the same: an expired continue token means one full, unpaginated list.
      items.length = 0;
      cont = undefined;
      limit = 0;
      continue;
    }
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || undefined;
    if (!cont) break;
  }
  const kind = page.kind?.endsWith('List') ? page.kind.slice(0, -4) : undefined;
  return { items, resourceVersion: page.metadata?.resourceVersion ?? '', ...(kind ? { kind } : {}), ...(page.apiVersion ? { apiVersion: page.apiVersion } : {}) };
}
