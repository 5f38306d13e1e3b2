// Label selector matching for pods an owner hands to LogTail (the API does
// this server-side for watches; here the owner may pass a whole namespace).

type Term = (labels: Record<string, string>) => boolean;

/** Splits on commas outside parentheses ("a in (x,y),b" → two terms). */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

function parseTerm(t: string): Term {
  let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
  if (m) {
    const [, key, op, list] = m as unknown as [string, string, string, string];
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key]!) : (l) => !(key in l) || !values.has(l[key]!);
  }
  m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(t);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(!?)\s*([^\s!=()]+)$/.exec(t);
  if (m) {
    const [, not, key] = m as unknown as [string, string, string];
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new Error(`invalid label selector term "${t}"`);
}

/** Compiles a label selector (=, ==, !=, in, notin, exists, !exists); an empty one matches everything. */
export function labelMatcher(selector: string | undefined): (labels: Record<string, string> | undefined) => boolean {
  const compiled = terms(selector ?? '').map(parseTerm);
  return (labels) => compiled.every((t) => t(labels ?? {}));
}
