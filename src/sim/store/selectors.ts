// kubesim's selectors: label selectors as the shared grammar parses them,
// refused with the API server's 400, and field selectors with the fields the
// real API server supports per kind (fields.ParseSelector).

import { errors } from '../api/errors.js';
import * as grammar from '../../grammar/label-selector.js';
import type { Labels, LabelMatcher, LabelSelector } from '../../grammar/label-selector.js';
import type { KObject } from './types.js';

export { formatLabelSelector, matcherFromMap, type LabelMatcher, type LabelSelector, type LabelSelectorRequirement, type Labels } from '../../grammar/label-selector.js';
/** Predicate over a whole object. */
export type FieldMatcher = (obj: KObject) => boolean;

// A selector the grammar refuses is the API's 400, with the same message.
function as400<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof grammar.SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}

/** Parses a `labelSelector` query value; throws ApiError 400 on bad syntax or invalid keys/values. */
export const parseLabelSelector = (text: string | undefined | null): LabelMatcher => as400(() => grammar.parseLabelSelector(text));
/** Predicate for a metav1.LabelSelector: undefined/null matches nothing, {} matches everything; 400 on bad operators. */
export const matcherFromLabelSelector = (sel: LabelSelector | undefined | null): LabelMatcher => as400(() => grammar.matcherFromLabelSelector(sel));
/** labels.Selector.String() of a metav1.LabelSelector: "" when empty or absent; 400 when invalid. */
export const labelSelectorString = (sel: LabelSelector | undefined | null): string => as400(() => grammar.labelSelectorString(sel));

// Lookup that ignores Object.prototype, so "constructor" is not a field.
const own = <T>(rec: Record<string, T>, key: string): T | undefined => (Object.hasOwn(rec, key) ? rec[key] : undefined);

/** labels.FormatLabels: "k=v,…" sorted by key, "<none>" when empty (Service selectors, node selectors). */
export function formatLabels(map: Labels | undefined | null): string {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${map![k]}`).join(',') : '<none>';
}

// Field selectors the real API server accepts per kind; every kind supports
// metadata.name and metadata.namespace. Values are compared as strings.
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const bool = (v: unknown) => (v ? 'true' : 'false');
type Getter = (o: KObject) => string;
const FIELDS: Record<string, Record<string, Getter>> = {
  Pod: {
    'spec.nodeName': (o) => str(o.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => bool(o.spec?.hostNetwork),
    'status.phase': (o) => str(o.status?.phase),
    'status.podIP': (o) => str(o.status?.podIP),
    'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
  },
  Event: {
    'involvedObject.kind': (o) => str(o.involvedObject?.kind),
    'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
    'involvedObject.name': (o) => str(o.involvedObject?.name),
    'involvedObject.uid': (o) => str(o.involvedObject?.uid),
    'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(o.source?.component),
    type: (o) => str(o.type),
  },
  Secret: { type: (o) => str(o.type) },
  Namespace: { 'status.phase': (o) => str(o.status?.phase) },
  Node: { 'spec.unschedulable': (o) => bool(o.spec?.unschedulable) },
  Job: { 'status.successful': (o) => str(o.status?.succeeded ?? 0) },
  ReplicaSet: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  Service: { 'spec.clusterIP': (o) => str(o.spec?.clusterIP), 'spec.type': (o) => str(o.spec?.type) },
};
const META: Record<string, Getter> = {
  'metadata.name': (o) => str(o.metadata?.name),
  'metadata.namespace': (o) => str(o.metadata?.namespace),
};
const ANY_KIND: Record<string, Getter> = Object.assign({}, META, ...Object.values(FIELDS));

// fields.splitTerms / UnescapeValue: "\," "\=" "\\" are escapes inside values.
function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) cur += text[i]! + text[++i]!;
    else if (text[i] === sep) { out.push(cur); cur = ''; } else cur += text[i];
  }
  out.push(cur);
  return out;
}

function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const n = value[++i];
      if (n !== '\\' && n !== ',' && n !== '=') throw errors.badRequest(`invalid field selector: invalid escape sequence: \\${n ?? ''}`);
      out += n;
    } else if (c === ',' || c === '=') {
      throw errors.badRequest(`invalid field selector: unescaped character in value: ${c}`);
    } else out += c;
  }
  return out;
}

/** Parses a `fieldSelector` query value; kind (e.g. "Pod") narrows the supported fields; 400 on unsupported labels. */
export function parseFieldSelector(text: string | undefined | null, kind?: string): FieldMatcher {
  const supported = kind === undefined ? ANY_KIND : { ...META, ...own(FIELDS, kind) };
  const terms: { get: Getter; value: string; negate: boolean }[] = [];
  for (const term of splitUnescaped(text ?? '', ',')) {
    if (term === '') continue;
    // The first unescaped operator splits the term; "!=" and "==" win over "=".
    const m = /^((?:[^\\!=]|\\.|!(?!=))*?)(!=|==|=)(.*)$/s.exec(term);
    if (!m) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, field, op, rhs] = m as unknown as [string, string, string, string];
    const get = own(supported, field);
    if (!get) throw errors.badRequest(`field label not supported: ${field}`);
    terms.push({ get, value: unescape(rhs), negate: op === '!=' });
  }
  return (obj) => terms.every((t) => (t.get(obj) === t.value) !== t.negate);
}
