// secret-present: a Secret the target release needs (a licence, database
// credentials) exists and has the keys it must have. Only key names ever
// reach the evidence: values are not shown, journaled or even measured.
import { rememberSecret } from '../../helm/actions/credential.js';
import { getJson, KubeError } from '../../kube/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { errorText } from './util.js';

/** Reads the Secret through the API (the live model does not watch Secrets' data) and compares its key names. */
export async function run(step: StepOf<'secret-present'>, ctx: CheckContext): Promise<CheckOutcome> {
  const path = `/api/v1/namespaces/${encodeURIComponent(ctx.namespace)}/secrets/${encodeURIComponent(step.name)}`;
  let keys: string[];
  try {
    const secret = await getJson<{ data?: Record<string, unknown>; stringData?: Record<string, unknown> }>(ctx.conn, path, {
      timeoutMs: 15_000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    // Take the names and let the object go at once; its values are only remembered to be masked if they turn up elsewhere.
    rememberSecret(secret);
    keys = [...new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})])].sort();
  } catch (e) {
    if (e instanceof KubeError && e.statusCode === 404) {
      return { status: 'fail', summary: `secret "${step.name}" not found in namespace "${ctx.namespace}"`, evidence: [`wanted keys: ${step.keys.join(', ') || '(any)'}`] };
    }
    if (e instanceof KubeError && e.kind === 'forbidden') {
      return { status: 'fail', summary: `cannot read secret "${step.name}": forbidden for this user — its presence cannot be verified`, evidence: [errorText(e)] };
    }
    return { status: 'fail', summary: `could not read secret "${step.name}": ${errorText(e)}`, evidence: [] };
  }
  return judgeSecretKeys(step.name, keys, step.keys);
}

/** The verdict over the key names present vs wanted; pure, for the unit tables. */
export function judgeSecretKeys(name: string, present: readonly string[], wanted: readonly string[]): CheckOutcome {
  const have = new Set(present);
  const missing = wanted.filter((k) => !have.has(k));
  const evidence = [`keys present: ${present.length ? present.join(', ') : '(none)'}`];
  if (missing.length > 0) {
    return { status: 'fail', summary: `secret "${name}" lacks key(s): ${missing.join(', ')}`, evidence: [...evidence, `missing: ${missing.join(', ')}`] };
  }
  return { status: 'pass', summary: `secret "${name}" exists${wanted.length ? ` with ${wanted.join(', ')}` : ''}`, evidence };
}
