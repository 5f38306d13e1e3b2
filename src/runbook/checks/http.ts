// http: an endpoint answers as it should after the upgrade (`curl /ready`
// in the runbooks): the expected status, optionally a body pattern and JSON
// fields (e.g. `license.valid: true`). TLS is verified unless the step says
// `insecure: true`. Only a bounded excerpt of the body is kept as evidence.
import { isDeepStrictEqual } from 'node:util';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { request } from './request.js';
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

/** GETs step.url and judges the answer. */
export async function run(step: StepOf<'http'>, ctx: CheckContext): Promise<CheckOutcome> {
  const started = Date.now();
  let answer: HttpAnswer;
  try {
    answer = await request(step.url, {
      timeoutMs: step.timeoutMs,
      insecure: !!step.insecure,
      maxBody: MAX_BODY,
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (e) {
    return { status: 'fail', summary: `GET ${step.url} failed: ${errorText(e)}`, evidence: [`after ${Date.now() - started} ms`] };
  }
  return judgeHttp(step, answer);
}

/** The verdict over an answer; pure, for the unit tables. */
export function judgeHttp(step: Pick<StepOf<'http'>, 'url' | 'expect' | 'bodyMatch' | 'jsonFields'>, a: HttpAnswer): CheckOutcome {
  const evidence = [`GET ${step.url} → ${a.status}${a.statusText ? ` ${a.statusText}` : ''} (${a.ms} ms)`, clip(`body: ${a.body.replace(/\s+/g, ' ').trim() || '(empty)'}`, EXCERPT)];
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
