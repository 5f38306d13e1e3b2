// The one rule for "this looks like a credential", shared by the command log,
// the diff and the journal so that a value hidden in one place is hidden in
// all of them. It errs towards masking: a hidden harmless value costs the
// reader a glance, a shown password costs a rotation and an incident.

/** What a masked value is replaced by. */
export const MASK = '***';

/** Keys whose values are treated as credentials (db.password, apiToken, auth.key, AWS_SECRET_ACCESS_KEY…). */
export const CREDENTIAL_KEY = /pass(word)?|secret|token|key|credential|auth/i;

/** True when a key (or the last segment of a dotted --set path) looks like a credential. */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key);
}

/**
 * Masks every scalar (or list of scalars) held under a credential-looking key,
 * anywhere in a JSON-like tree; objects under such keys are walked rather than
 * blanked so `auth: {username, password}` keeps the username readable.
 * `changedFrom` is the other side of a diff: a masked value that differs from
 * it becomes "*** (changed)", so a rotated password still shows as a change.
 */
export function maskCredentials(value: unknown, changedFrom?: unknown): unknown {
  if (Array.isArray(value)) {
    const other = Array.isArray(changedFrom) ? changedFrom : [];
    // Env lists are matched by name, not position: inserting a variable must
    // not make every masked one after it look changed.
    const byName = new Map(other.filter(isEnvEntry).map((e) => [e.name, e] as const));
    return value.map((v, i) => maskCredentials(v, isEnvEntry(v) ? byName.get(v.name) : other[i]));
  }
  if (!isPlainObject(value)) return value;
  const other = isPlainObject(changedFrom) ? changedFrom : undefined;
  if (isEnvEntry(value) && isCredentialKey(value.name)) {
    // A container env var named like a credential: `{name: DB_PASSWORD, value: hunter2}`.
    return { ...value, value: masked(value.value, other, other?.value) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isCredentialKey(k) && !isPlainObject(v) ? masked(v, other, other?.[k]) : maskCredentials(v, other?.[k]);
  }
  return out;
}

function masked(v: unknown, otherSide: unknown, before: unknown): string {
  return otherSide !== undefined && !sameJson(v, before) ? `${MASK} (changed)` : MASK;
}

function isEnvEntry(v: unknown): v is { name: string; value: unknown } {
  return isPlainObject(v) && typeof v.name === 'string' && 'value' in v && !isPlainObject(v.value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A non-null, non-array object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
