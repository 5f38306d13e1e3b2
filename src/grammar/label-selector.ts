// Label selectors with the grammar, validation messages and matching rules
// of k8s.io/apimachinery (labels.Parse, metav1.LabelSelectorAsSelector): one
// module for the product (runbook selectors, log tails, which pods a
// workload owns) and kubesim (labelSelector queries, controllers), so both
// accept, refuse and match exactly what a real API server does.

export type Labels = Record<string, string>;
/** Predicate over an object's labels. */
export type LabelMatcher = (labels: Labels | undefined) => boolean;

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}
/** metav1.LabelSelector as found in Deployment/ReplicaSet/PDB specs. */
export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A selector the API server would refuse (400); the message is the server's. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

const badRequest = (message: string) => new SelectorError(message);

type Op = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

// validation.IsQualifiedName: [prefix/]name with a DNS-subdomain prefix.
function keyProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) return [`a qualified name must consist of alphanumeric characters, '-', '_' or '.' with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const name = parts.pop()!;
  const out: string[] = [];
  if (parts.length === 1) {
    const prefix = parts[0]!;
    if (!prefix) out.push('prefix part must be non-empty');
    else if (prefix.length > 253) out.push('prefix part must be no more than 253 characters');
    else if (!DNS_SUBDOMAIN_RE.test(prefix)) out.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  if (!name) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  else if (!NAME_RE.test(name)) out.push(NAME_MSG);
  return out;
}

const invalid = (path: string, value: unknown, why: string) => `${path}: Invalid value: ${JSON.stringify(value)}: ${why}`;

// labels.NewRequirement: returns the field errors kube would aggregate.
function requirementProblems(r: Requirement, keyPath: string): string[] {
  const out: string[] = [];
  const kp = keyProblems(r.key);
  if (kp.length) out.push(invalid(keyPath, r.key, kp.join('; ')));
  const n = r.values.length;
  if ((r.op === 'in' || r.op === 'notin') && n === 0) out.push(invalid('values', r.values, "for 'in', 'notin' operators, values set can't be empty"));
  if ((r.op === '=' || r.op === '==' || r.op === '!=') && n !== 1) out.push(invalid('values', r.values, 'exact-match compatibility requires one single value'));
  if ((r.op === 'exists' || r.op === '!') && n !== 0) out.push(invalid('values', r.values, 'values set must be empty for exists and does not exist'));
  if (r.op === 'gt' || r.op === 'lt') {
    if (n !== 1) out.push(invalid('values', r.values, "for 'Gt', 'Lt' operators, exactly one value is required"));
    r.values.forEach((v, i) => {
      if (!/^[-+]?\d+$/.test(v)) out.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  r.values.forEach((v, i) => {
    if (v.length > 63) out.push(invalid(`values[${i}][${r.key}]`, v, 'must be no more than 63 characters'));
    else if (v !== '' && !NAME_RE.test(v)) out.push(invalid(`values[${i}][${r.key}]`, v, VALUE_MSG));
  });
  return out;
}

function matches(r: Requirement, labels: Labels | undefined): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : '';
  switch (r.op) {
    case '=': case '==': case 'in': return has && r.values.includes(value);
    case '!=': case 'notin': return !has || !r.values.includes(value);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      // A label that is not an integer never satisfies Gt/Lt.
      if (!has || !/^[-+]?\d+$/.test(value)) return false;
      const diff = BigInt(value) - BigInt(r.values[0]!);
      return r.op === 'gt' ? diff > 0n : diff < 0n;
    }
  }
}

const all = (reqs: Requirement[]): LabelMatcher => (labels) => reqs.every((r) => matches(r, labels));

// labels.Lexer: whitespace separates tokens, these symbols end identifiers.
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
function lex(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (SPECIAL.has(c)) {
      const two = text.slice(i, i + 2);
      const sym = two === '!=' || two === '==' ? two : c;
      out.push(sym);
      i += sym.length;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]!) && !SPECIAL.has(text[j]!)) j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

// Lookup that ignores Object.prototype, so "constructor" is not an operator or field.
const own = <T>(rec: Record<string, T>, key: string): T | undefined => (Object.hasOwn(rec, key) ? rec[key] : undefined);
const BINARY: Record<string, Op> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
const isIdent = (t: string | undefined) => t !== undefined && !SPECIAL.has(t) && t !== '!=' && t !== '==';
const BINARY_OPS = 'in, notin, =, ==, !=, gt, lt';

function parseRequirements(text: string): Requirement[] {
  const toks = lex(text);
  let pos = 0;
  const peek = () => toks[pos];
  const fail = (msg: string): never => {
    throw badRequest(`unable to parse requirement: ${msg}`);
  };
  const syntax = (found: string | undefined, expected: string): never => {
    throw badRequest(`found '${found ?? ''}', expected: ${expected}`);
  };
  const values = (): string[] => {
    if (peek() !== '(') fail(`found '${peek() ?? ''}' expected: '('`);
    pos++;
    const set = new Set<string>();
    if (peek() === ')') { pos++; return ['']; } // "()" is the set {""}, as in kube
    let expectValue = true;
    while (peek() !== ')') {
      const t = peek();
      if (t === ',') {
        if (expectValue) set.add(''); // "(,a" and "a,,b" contain the empty value
        expectValue = true;
      } else if (isIdent(t) && expectValue) {
        set.add(t!);
        expectValue = false;
      } else fail(`found '${t ?? ''}', expected: ${expectValue ? "',', or identifier" : "',' or ')'"}`);
      pos++;
    }
    if (expectValue) set.add('');
    pos++;
    return [...set];
  };
  const requirement = (): Requirement => {
    const negated = peek() === '!';
    if (negated) pos++;
    const key = peek();
    if (!isIdent(key)) fail(`found '${key ?? ''}', expected: identifier`);
    pos++;
    const kp = keyProblems(key!);
    if (kp.length) fail(invalid('<nil>', key, kp.join('; ')));
    const next = peek();
    if (negated || next === undefined || next === ',') return { key: key!, op: negated ? '!' : 'exists', values: [] };
    pos++;
    const op = own(BINARY, next);
    if (!op) return fail(`found '${next}', expected: ${BINARY_OPS}`);
    if (op === 'in' || op === 'notin') return { key: key!, op, values: values() };
    const v = peek();
    if (v === undefined || v === ',') return { key: key!, op, values: [''] }; // "a=" selects a == ""
    if (!isIdent(v)) fail(`found '${v}', expected: identifier`);
    pos++;
    return { key: key!, op, values: [v!] };
  };
  const reqs: Requirement[] = [];
  while (pos < toks.length) {
    const t = peek();
    if (!isIdent(t) && t !== '!') syntax(t, "!, identifier, or 'end of string'");
    const r = requirement();
    const problems = requirementProblems(r, 'key');
    if (problems.length) fail(problems.length === 1 ? problems[0]! : `[${problems.join(', ')}]`);
    reqs.push(r);
    if (pos >= toks.length) break;
    if (peek() !== ',') syntax(peek(), "',' or 'end of string'");
    pos++;
    if (!isIdent(peek()) && peek() !== '!') syntax(peek(), "identifier after ','");
  }
  return reqs;
}

/** Parses a `labelSelector` text; throws SelectorError on bad syntax or invalid keys/values. */
export function parseLabelSelector(text: string | undefined | null): LabelMatcher {
  return all(parseRequirements(text ?? ''));
}

const OPERATORS: Record<string, Op> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

function selectorRequirements(sel: LabelSelector): Requirement[] {
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: '=', values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    const op = own(OPERATORS, e.operator);
    if (!op) throw badRequest(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  const problems = reqs.flatMap((r) => requirementProblems(r, 'key'));
  if (problems.length) throw badRequest(problems.join(', '));
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Predicate for a metav1.LabelSelector: undefined/null matches nothing, {} matches everything; SelectorError on bad operators. */
export function matcherFromLabelSelector(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return () => false;
  return all(selectorRequirements(sel));
}

/** Predicate for a plain map selector (Service spec.selector); absent or empty matches nothing unless emptyMatchesAll. */
export function matcherFromMap(map: Labels | undefined | null, emptyMatchesAll = false): LabelMatcher {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) return () => emptyMatchesAll;
  return (labels) => labels !== undefined && entries.every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
}

function requirementString(r: Requirement): string {
  if (r.op === 'exists') return r.key;
  if (r.op === '!') return `!${r.key}`;
  if (r.op === 'in' || r.op === 'notin') return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
  return `${r.key}${r.op === 'gt' ? '>' : r.op === 'lt' ? '<' : r.op}${r.values[0]}`;
}

/** labels.Selector.String() of a metav1.LabelSelector: "" when empty or absent; SelectorError when invalid. */
export function labelSelectorString(sel: LabelSelector | undefined | null): string {
  return sel ? selectorRequirements(sel).map(requirementString).join(',') : '';
}

/** metav1.FormatLabelSelector: like labelSelectorString, but "<none>" when empty and "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  try {
    return labelSelectorString(sel) || '<none>';
  } catch (e) {
    if (e instanceof SelectorError) return '<error>';
    throw e;
  }
}
