// Authenticated requests to the API server over node:http(s) with the
// connection's transport (TLS settings, credentials, one keep-alive agent):
// JSON answers with the Status message on errors, streams for watches and
// logs, timeouts, abort, paginated lists, and the few writes helmdeck makes
// (its window lease and the window's mirror).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describeError, statusError, type ApiStatus } from './describe-error.js';
import { KubeError } from './kube-error.js';
import { transportOf, type RequestAuth } from './transport.js';
import type { Connection, KubeObject } from './types.js';

// Not `import ... from 'node:http'`: the ES module facade of node:http reads
// every export, which loads Node's bundled undici (~40 ms at start-up).
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

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

/** The full URL of `path` on the connection's server. */
export function apiUrl(conn: Connection, path: string, query: Query = {}): URL {
  const url = new URL(conn.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** A request that writes: its method and JSON body. */
interface Write {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  contentType?: string;
}

interface Sent {
  status: number;
  /** The Content-Type the server declared ('' when none). */
  contentType: string;
  text(): Promise<string>;
  stream(): ReadableStream<Uint8Array> | null;
  /** Aborts the request (if still running) and frees its socket. */
  release(): void;
}

/** Rejects when `signal` aborts, with its reason. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One HTTP exchange up to the response headers. */
function exchange(url: URL, auth: RequestAuth, accept: string, signal: AbortSignal, write?: Write): Promise<{ res: IncomingMessage; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const body = write?.body === undefined ? undefined : Buffer.from(JSON.stringify(write.body), 'utf8');
    const headers: Record<string, string> = { Accept: accept, 'User-Agent': 'helmdeck', ...auth.headers };
    if (body) Object.assign(headers, { 'Content-Type': write!.contentType ?? 'application/json', 'Content-Length': String(body.length) });
    const req = send(url, { method: write?.method ?? 'GET', agent: auth.agent, headers });
    const onAbort = () => req.destroy(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      // From here the caller owns the response; aborting destroys it (and its socket).
      signal.addEventListener('abort', () => res.destroy(signal.reason), { once: true });
      resolve({ res, reused: req.reusedSocket });
    });
    req.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(Object.assign(err, { reusedSocket: req.reusedSocket }));
    });
    req.end(body);
  });
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    // A kept-alive socket holds on to its last response until it is reused,
    // and with it the listeners below: once settled they must reach neither
    // the text (a whole list page) nor the promise that holds it.
    let settle: { resolve: (text: string) => void; reject: (err: unknown) => void } | undefined = { resolve, reject };
    let chunks: string[] = [];
    const fail = (err: unknown) => settle?.reject(err);
    // Decoded as it arrives: each socket buffer goes at once, and a large
    // list page is never held as bytes and text at the same time.
    res.setEncoding('utf8');
    res.on('data', (c: string) => chunks.push(c));
    res.on('error', fail);
    // The server closed the connection mid-body: 'close' without 'end'.
    res.on('close', () => {
      if (!res.complete) fail(Object.assign(new Error('connection closed by the server'), { code: 'ECONNRESET' }));
    });
    res.on('end', () => {
      const text = chunks.join('');
      const s = settle;
      chunks = [];
      settle = undefined;
      s?.resolve(text);
    });
  });
}

async function send(conn: Connection, path: string, opts: RequestOptions, accept: string, streaming = false, write?: Write): Promise<Sent> {
  const url = apiUrl(conn, path, opts.query);
  const what = `${write?.method ?? 'GET'} ${url.pathname}`;
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = opts.timeoutMs ? setTimeout(() => controller.abort(new DOMException(`${what} timed out`, 'TimeoutError')), opts.timeoutMs) : undefined;
  let complete = false;
  const release = () => {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    // A body read to its end left its socket in the agent's pool for the next request; anything else is torn down.
    if (!complete && !controller.signal.aborted) controller.abort();
  };
  try {
    const transport = transportOf(conn);
    let retriedStale = false;
    let retriedAuth = false;
    while (true) {
      const auth = await abortable(transport.auth(), controller.signal);
      let answer;
      try {
        answer = await exchange(url, auth, accept, controller.signal, write);
      } catch (err: any) {
        // A kept-alive socket the server closed meanwhile: the request never reached it, so one retry is safe.
        if (!retriedStale && err?.reusedSocket && err.code === 'ECONNRESET' && !controller.signal.aborted) {
          retriedStale = true;
          continue;
        }
        throw err;
      }
      const { res } = answer;
      if (res.statusCode === 401 && !retriedAuth) {
        transport.rejected(auth);
        // client-go runs an exec plugin again when its cached credential is refused.
        if (auth.credential && !auth.fresh) {
          retriedAuth = true;
          res.resume();
          continue;
        }
      }
      // A stream may then run for as long as it likes; its reader watches for silence.
      if (streaming) clearTimeout(timer);
      let text: Promise<string> | undefined;
      return {
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        text: () => (text ??= readText(res).then(
          (t) => {
            complete = true;
            return t;
          },
          (err) => {
            throw controller.signal.aborted ? controller.signal.reason : err;
          },
        )),
        stream: () => Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>,
        release,
      };
    }
  } catch (err) {
    const aborted = controller.signal.aborted ? controller.signal.reason : undefined;
    release();
    throw describeError(aborted ?? err, conn.server);
  }
}

async function failure(conn: Connection, sent: Sent, path: string, method = 'GET'): Promise<never> {
  let status: ApiStatus | undefined;
  try {
    const parsed = JSON.parse(await sent.text());
    if (parsed?.kind === 'Status') status = parsed;
  } catch {
    // Not JSON (a proxy's HTML page): the HTTP status says enough.
  }
  sent.release();
  throw statusError(sent.status, status, conn.server, `${method} ${path}`);
}

// A login page, a proxy's error page or a web server at the kubeconfig's URL: say so, not "Unexpected token '<'".
function notJson(conn: Connection, path: string, contentType: string, text: string, cause: unknown): KubeError {
  const type = contentType.split(';')[0]!.trim() || 'no content type';
  const start = text.trim().replace(/\s+/g, ' ').slice(0, 60);
  return new KubeError('other', `not a Kubernetes API server: ${conn.server} answered GET ${path} with ${type}${start ? ` ("${start}${text.trim().length > 60 ? '…' : ''}")` : ' and an empty body'}, not JSON`, { cause });
}

/** GETs `path` and parses the JSON answer; throws KubeError (with statusCode and the API's message) on failure. */
export async function getJson<T = unknown>(conn: Connection, path: string, opts: RequestOptions = {}): Promise<T> {
  return jsonAnswer<T>(conn, await send(conn, path, opts, 'application/json'), path, 'GET');
}

async function jsonAnswer<T>(conn: Connection, sent: Sent, path: string, method: string): Promise<T> {
  if (sent.status < 200 || sent.status > 299) return failure(conn, sent, path, method);
  try {
    const text = await sent.text();
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw notJson(conn, path, sent.contentType, text, err);
    }
  } catch (err) {
    throw describeError(err, conn.server);
  } finally {
    sent.release();
  }
}

/**
 * Writes with `method` and a JSON body (create, replace, merge-patch, delete) and parses the answer;
 * throws KubeError like getJson (a 409 Conflict has statusCode 409).
 */
export async function sendJson<T = unknown>(conn: Connection, method: Write['method'], path: string, body: unknown, opts: RequestOptions & { contentType?: string } = {}): Promise<T> {
  const sent = await send(conn, path, opts, 'application/json', false, { method, body, ...(opts.contentType ? { contentType: opts.contentType } : {}) });
  return jsonAnswer<T>(conn, sent, path, method);
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

/** listAll's options: the page size, and what to keep of each item. */
export interface ListOptions<T> extends RequestOptions {
  limit?: number;
  /**
   * Applied to each item as its page arrives (with the list's kind and
   * apiVersion, which items come without): what it returns is kept instead,
   * so a page's untrimmed objects can go before the next page is read.
   */
  each?: (item: T, list: { kind?: string; apiVersion?: string }) => T;
}

/** Lists a collection page by page (`limit`/`continue`); restarts unpaginated if the continue token expires (410). */
export async function listAll<T = KubeObject>(conn: Connection, path: string, opts: ListOptions<T> = {}): Promise<ListResult<T>> {
  const items: T[] = [];
  let limit = opts.limit ?? 500;
  let cont: string | undefined;
  let page: ListPage<T>;
  let list: { kind?: string; apiVersion?: string };
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
    // Items come without kind and apiVersion; the list names them ("PodList" → "Pod").
    list = { ...(page.kind?.endsWith('List') ? { kind: page.kind.slice(0, -4) } : {}), ...(page.apiVersion ? { apiVersion: page.apiVersion } : {}) };
    for (const item of page.items ?? []) items.push(opts.each ? opts.each(item, list) : item);
    page.items = undefined;
    cont = page.metadata?.continue || undefined;
    if (!cont) break;
  }
  return { items, resourceVersion: page.metadata?.resourceVersion ?? '', ...list };
}
