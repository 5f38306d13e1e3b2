// Turns an argv into the command line the operator reads and can paste into a
// shell: each argument quoted only where a POSIX shell would otherwise change
// it, and, when masking, with credential-looking values replaced by ***.
import { isCredentialKey, MASK, maskValueText } from './credential.js';

/** How to display a command. */
export interface DisplayOptions {
  /** Hide credential-looking --set values, --password and URL passwords (the journal always masks). */
  mask: boolean;
  /** The program shown first; `helm` unless told (the full path is noise on screen). */
  program?: string;
}

// Flags whose value is a list of key=value pairs in helm's --set syntax.
const SET_FLAGS = new Set(['--set', '--set-string', '--set-json', '--set-literal']);
// Flags whose value is itself a credential.
const SECRET_FLAGS = new Set(['--password', '--token', '--kube-token']);

/** The exact, copyable command line for argv, shell-quoted, masked when asked. */
export function displayCommand(argv: readonly string[], opts: DisplayOptions): string {
  const shown = opts.mask ? maskArgv(argv) : [...argv];
  return [opts.program ?? 'helm', ...shown].map(shellQuote).join(' ');
}

/** argv with credential-looking values masked (used for the journal's command entries). */
export function maskArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = flag !== arg ? arg.slice(eq + 1) : undefined;
    if (SET_FLAGS.has(flag)) {
      if (inline !== undefined) out.push(`${flag}=${maskSetPairs(inline)}`);
      else if (i + 1 < argv.length) out.push(arg, maskSetPairs(argv[++i]!));
      else out.push(arg);
    } else if (SECRET_FLAGS.has(flag)) {
      if (inline !== undefined) out.push(`${flag}=${MASK}`);
      else if (i + 1 < argv.length) {
        out.push(arg, MASK);
        i++;
      } else out.push(arg);
    } else {
      out.push(maskValueText(arg));
    }
  }
  return out;
}

/** Masks the values of credential-looking keys in a helm --set list ("a=1,db.password=x"). */
export function maskSetPairs(list: string): string {
  return splitUnescaped(list, ',')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      // Any word of the path counts: `secrets.db=…` is as secret as `db.password=…`.
      return isCredentialKey(key) ? `${key}=${MASK}` : `${key}=${maskValueText(pair.slice(eq + 1))}`;
    })
    .join(',');
}

// Splits on sep where it is not escaped with a backslash (helm's --set rule).
function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[++i]!;
    } else if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts;
}

// Characters no POSIX shell gives a meaning to inside a word.
const SAFE = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/** Quotes one argument for a POSIX shell: unchanged when safe, else in single quotes. */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  // Inside single quotes nothing is special except the quote itself, which
  // is closed, escaped and reopened.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
