// The one rule for "this looks like a credential", shared by the command log,
// the diff and the journal so that a value hidden in one place is hidden in
// all of them. It errs towards masking: a hidden harmless value costs the
// reader a glance, a shown password costs a rotation and an incident.

/** What a masked value is replaced by. */
export const MASK = '***';

// Words that make a key a credential wherever they stand in its path
// (db.password, extraEnv.CREDS, apiKey, X-Auth-Token, tls.privateKey…).
// Whole words, so "monkey", "author" and "keyboard" are left alone.
const CREDENTIAL_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'key', 'keys', 'apikey', 'privatekey', 'accesskey', 'secretkey',
  'creds', 'cred', 'credential', 'credentials', 'auth', 'oauth', 'authorization', 'dsn', 'private', 'cert', 'certs', 'signature', 'salt', 'cookie',
]);
// Written as one lower-case word ("dbpassword", "admintoken"), these still end the same way.
const CREDENTIAL_ENDINGS = /(password|passwd|secret|token|apikey|credentials?)$/;

/** The lower-case words of a key path: split at dots, brackets, _ - and camelCase or digit boundaries. */
export function keyWords(key: string): string[] {
  return key
    .split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True when any whole word of a key path names a credential (case-insensitive). */
export function isCredentialKey(key: string): boolean {
  return keyWords(key).some((w) => CREDENTIAL_WORDS.has(w) || CREDENTIAL_ENDINGS.test(w));
}

/** scheme://user:secret@host → scheme://user:***@host, anywhere in text. */
export function maskUrlUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`);
}

// Values read from Secrets during this run. Shorter ones are not tracked: a
// four-letter value would mask every "true" and port number in the record.
const MIN_SECRET_LENGTH = 6;
const secretValues = new Set<string>();
let secretPattern: RegExp | undefined;

/** Remembers a value read from a Secret (and its base64 form) so it is masked wherever it would be shown. */
export function rememberSecretValue(value: unknown): void {
  if (typeof value !== 'string') return;
  for (const v of [value, ...value.split(/\r?\n/)].map((x) => x.trim())) {
    if (v.length < MIN_SECRET_LENGTH || secretValues.has(v)) continue;
    secretValues.add(v);
    secretValues.add(Buffer.from(v).toString('base64').replace(/=+$/, ''));
    secretPattern = undefined;
  }
}

/** Remembers every value of a Secret object's data (base64) and stringData. */
export function rememberSecret(obj: unknown): void {
  if (!isPlainObject(obj)) return;
  if (isPlainObject(obj.data)) for (const v of Object.values(obj.data)) if (typeof v === 'string') rememberSecretValue(Buffer.from(v, 'base64').toString('utf8'));
  if (isPlainObject(obj.stringData)) for (const v of Object.values(obj.stringData)) rememberSecretValue(v);
}

/** text with every remembered Secret value replaced by MASK. */
export function maskSecretValues(text: string): string {
  if (!secretValues.size || text.length < MIN_SECRET_LENGTH) return text;
  secretPattern ??= new RegExp([...secretValues].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return text.replace(secretPattern, MASK);
}

/** A value shown under a key that is not a credential: URL passwords and Secret values masked. */
export function maskValueText(text: string): string {
  return maskSecretValues(maskUrlUserinfo(text));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
  if (typeof value === 'string') return maskValueText(value);
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
