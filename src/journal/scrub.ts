// Keeps credentials out of the journal, whatever a caller hands it: a journal
// is copied into tickets and change records, read by people who must never
// see a password. It masks values under credential-looking keys, never keeps a
// Secret's data, and masks credential-looking assignments inside free text
// (evidence lines, command output).
import { isCredentialKey, isPlainObject, MASK, maskValueText, rememberSecret } from '../helm/actions/credential.js';
import { maskSetPairs } from '../helm/actions/display-command.js';

/** A copy of value safe to store: credentials masked, Secret data dropped. */
export function scrub(value: unknown): unknown {
  return walk(value, false);
}

function walk(value: unknown, credential: boolean): unknown {
  if (typeof value === 'string') return credential ? MASK : scrubText(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, credential));
  if (!isPlainObject(value)) return credential && value !== null && value !== undefined ? MASK : value;
  const isSecret = value.kind === 'Secret';
  // Its values are masked wherever else they turn up (an env var, a log line).
  if (isSecret) rememberSecret(value);
  // `{name: DB_PASSWORD, value: …}`: a container env var named like a credential.
  const envCredential = typeof value.name === 'string' && 'value' in value && isCredentialKey(value.name);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isSecret && (k === 'data' || k === 'stringData')) {
      // Key names say what the Secret holds and are kept; values never are.
      out[k] = isPlainObject(v) ? Object.fromEntries(Object.keys(v).map((key) => [key, MASK])) : MASK;
    } else if (envCredential && k === 'value') {
      out[k] = MASK;
    } else {
      out[k] = walk(v, isCredentialKey(k) && !isPlainObject(v));
    }
  }
  return out;
}

// Credential words for free text, narrower than the key rule: in prose,
// "keys:" or "auth:" is usually a heading, not a secret.
const TEXT_WORD = /pass(?:word|wd)?|secret|token|credential|api[-_]?key|private[-_]?key|access[-_]?key/i;

/** Masks credential-looking values inside a line of text. */
export function scrubText(text: string): string {
  return maskValueText(
    text
      // --set lists: --set a=1,db.password=x
      .replace(/(--set(?:-string|-json|-literal)?[= ])('[^']*'|"[^"]*"|[^\s'"]+)/g, (_m, flag: string, list: string) => {
        // A shell-quoted list keeps its quotes around the masked pairs.
        const q = /^(['"]).*\1$/.test(list) ? list[0]! : '';
        return flag + q + maskSetPairs(q ? list.slice(1, -1) : list) + q;
      })
      // --password x, --token=x
      .replace(/(--(?:password|token|kube-token)[= ])\S+/g, `$1${MASK}`)
      // Authorization headers and bearer tokens
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${MASK}`)
      // KEY=value (env style), the key judged by the full key rule
      .replace(/(^|[\s,;"'({[])([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^\s,;&'")\]}]+)/g, (m, pre: string, key: string) =>
        isCredentialKey(key) && !/^-/.test(key) ? `${pre}${key}=${MASK}` : m,
      )
      // key: value and "key": "value" (YAML/JSON in output), the key judged by the narrower text rule
      .replace(/(^|[\s,{"'])([\w.-]+)(["']?\s*:\s*)("[^"]*"|'[^']*'|[^\s,}]+)/g, (m, pre: string, key: string, sep: string, value: string) =>
        // A value masked already ("*** (changed)") keeps what it says.
        TEXT_WORD.test(key) && !/^https?$/i.test(key) && !value.replace(/^["']/, '').startsWith(MASK) ? `${pre}${key}${sep}${MASK}` : m,
      )
  );
}
