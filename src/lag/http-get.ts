// The GET every lag source makes: global fetch with a hard timeout (through
// HTTPS_PROXY/HTTP_PROXY unless NO_PROXY exempts the host, as for every
// other request helmdeck makes), and errors that name the URL and the HTTP
// status, so the operator can tell a wrong address from a source that is
// down or a query it rejected.
import { proxyFromEnv } from '../kube/proxy-env.js';
import { proxiedGet } from './proxied-get.js';

/** An HTTP answer outside 2xx, kept so a source can react to e.g. Burrow's 404. */
export class HttpStatusError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** GETs url and returns the body text; throws on network errors, timeouts and non-2xx statuses. */
export async function getText(url: string, opts: { timeoutMs?: number; accept?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const accept = opts.accept ?? 'application/json';
  let res: { ok: boolean; status: number; statusText: string };
  let body: string;
  try {
    const proxy = proxyFromEnv(new URL(url), opts.env ?? process.env);
    if (proxy) {
      ({ body, ...res } = await proxiedGet(new URL(url), proxy, { timeoutMs, accept }));
    } else {
      const answer = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept }, redirect: 'follow' });
      res = answer;
      body = await answer.text();
    }
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') throw new Error(`${url} did not answer within ${timeoutMs} ms`, { cause: e });
    // A proxy's refusal names the proxy in its own message.
    const why = err.code === 'EPROXY' ? err.message : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new Error(`could not reach ${url}: ${why}`, { cause: e });
  }
  if (!res.ok) {
    throw new HttpStatusError(`${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${detail(body)}`, url, res.status);
  }
  return body;
}

/** GETs url and parses its JSON body; throws as getText does, and on a body that is not JSON. */
export async function getJson(url: string, opts: { timeoutMs?: number } = {}): Promise<unknown> {
  const body = await getText(url, opts);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new Error(`${url} answered with something that is not JSON: ${JSON.stringify(body.slice(0, 80))}`);
  }
}

// Prometheus ({"error": ...}) and Burrow ({"message": ...}) explain their
// refusals in the body; anything else is shown as a short excerpt.
function detail(body: string): string {
  const text = body.trim();
  if (!text) return '';
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof j.error === 'string') return `: ${j.error}`;
    if (typeof j.message === 'string') return `: ${j.message}`;
  } catch {
    // not JSON: fall through to the excerpt
  }
  return `: ${text.slice(0, 120).replace(/\s+/g, ' ')}`;
}
