// http: an endpoint answers as it should after the upgrade (`curl /ready`
// in the runbooks): the expected status, optionally a body pattern and JSON
// fields (e.g. `license.valid: true`). A `NAME.NS.svc` host is reached
// through the API server's service proxy with the operator's credentials;
// the API server's own refusals (403, no endpoints) are named as such. TLS is
// verified unless the step says `insecure: true`. Only a bounded excerpt of
// the body is kept as evidence.
import { isDeepStrictEqual } from 'node:util';
import { apiStatusOf, connectionAuth, parseServiceUrl, serviceProxyUrl } from '../../kube/service-proxy.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { request, type RequestOptions } from './request.js';
import { clip, errorText } from './util.js';

/** Most body bytes read: enough for any health or licence endpoint, bounded for everything else. */
const MAX_BODY = 1024 * 1024;
const EXCERPT = 300;

/** What the verdict reads of an answer. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  body: string;
  ms: number;
}

/** A body that parses as JSON goes as application/json unless the step names its own Content-Type. */
function requestHeaders(step: StepOf<'http'>): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' };
  if (step.requestBody !== undefined) {
    try {
      JSON.parse(step.requestBody);
      headers['content-type'] = 'application/json';
    } catch {
      headers['content-type'] = 'text/plain; charset=utf-8';
    }
  }
  for (const [k, v] of Object.entries(step.headers ?? {})) headers[k.toLowerCase()] = v;
  return headers;
}

/** Requests step.url (directly, or through the service proxy) and judges the answer. */
export async function run(step: StepOf<'http'>, ctx: CheckContext): Promise<CheckOutcome> {
  const started = Date.now();
  const method = step.method ?? 'GET';
  const service = parseServiceUrl(step.url);
  let answer: HttpAnswer;
  try {
    const opts: RequestOptions = {
      method,
      timeoutMs: step.timeoutMs,
      insecure: !!step.insecure,
      maxBody: MAX_BODY,
      headers: requestHeaders(step),
      ...(step.requestBody !== undefined ? { body: step.requestBody } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
    if (service) {
      const auth = await connectionAuth(ctx.conn);
      answer = await request(serviceProxyUrl(ctx.conn, service).toString(), { ...opts, insecure: false, agent: auth.agent, headers: { ...opts.headers, ...auth.headers } });
    } else {
      answer = await request(step.url, opts);
    }
  } catch (e) {
    return { status: 'fail', summary: `${method} ${step.url} failed: ${errorText(e)}`, evidence: [`after ${Date.now() - started} ms`] };
  }
  if (service) {
    const refused = proxyRefusal(step.url, service.namespace, answer);
    if (refused) return refused;
  }
  return judgeHttp({ ...step, method }, answer);
}

/** The API server itself refused to proxy: say why in its words, not as the service's answer. */
export function proxyRefusal(url: string, namespace: string, a: HttpAnswer): CheckOutcome | undefined {
  const status = apiStatusOf(a.body);
  if (!status) return undefined;
  const evidence = [`${url} via the API server's service proxy → ${a.status}`, `${status.reason ?? ''}: ${status.message ?? ''}`.trim()];
  if (a.status === 403) return { status: 'fail', summary: `forbidden: your credentials may not use the service proxy in namespace ${namespace} (needs get on services/proxy)`, evidence };
  if (a.status === 503) return { status: 'fail', summary: `no ready endpoints: ${status.message ?? 'the service has no ready pod to answer'}`, evidence };
  if (a.status === 404 && status.reason === 'NotFound') return { status: 'fail', summary: `not found: ${status.message ?? url}`, evidence };
  return undefined;
}

/** The verdict over an answer; pure, for the unit tables. */
export function judgeHttp(step: Pick<StepOf<'http'>, 'url' | 'method' | 'expect' | 'bodyMatch' | 'jsonFields'>, a: HttpAnswer): CheckOutcome {
  const evidence = [`${step.method ?? 'GET'} ${step.url} → ${a.status}${a.statusText ? ` ${a.statusText}` : ''} (${a.ms} ms)`, clip(`body: ${a.body.replace(/\s+/g, ' ').trim() || '(empty)'}`, EXCERPT)];
  const problems: string[] = [];
  if (a.status !== step.expect) problems.push(`status ${a.status}, expected ${step.expect}`);
  if (step.bodyMatch !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(step.bodyMatch);
      if (!re.test(a.body)) problems.push(`body does not match /${step.bodyMatch}/`);
    } catch (e) {
      problems.push(`bodyMatch /${step.bodyMatch}/ is not a valid pattern: ${errorText(e)}`);
    }
  }
  const fields = Object.entries(step.jsonFields ?? {});
  if (fields.length > 0) {
    let doc: unknown;
    try {
      doc = JSON.parse(a.body);
    } catch {
      doc = undefined;
      problems.push('body is not JSON, so its fields cannot be checked');
    }
    if (doc !== undefined) {
      for (const [path, want] of fields) {
        const got = fieldAt(doc, path);
        const line = `${path}: ${got.found ? JSON.stringify(got.value) : '(absent)'}, expected ${JSON.stringify(want)}`;
        evidence.push(line);
        if (!got.found || !isDeepStrictEqual(got.value, want)) problems.push(line);
      }
    }
  }
  if (problems.length > 0) return { status: 'fail', summary: problems.join('; '), evidence };
  return { status: 'pass', summary: `${step.url} answered ${a.status}${fields.length ? ` with ${fields.map(([p]) => p).join(', ')} as expected` : ''}`, evidence };
}

/** Reads a dotted path ("license.valid", "items.0.name") from a JSON document. */
export function fieldAt(doc: unknown, path: string): { found: boolean; value?: unknown } {
  let node: unknown = doc;
  for (const key of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(key) && Number(key) < node.length) node = node[Number(key)];
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, key)) node = (node as Record<string, unknown>)[key];
    else return { found: false };
  }
  return { found: true, value: node };
}
