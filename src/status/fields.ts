// Small readers shared by the status rules: conditions, timestamps, label
// selectors. Kept here so each rule file reads like the upstream logic it
// mirrors instead of repeating nil-checks.
import { matcherFromLabelSelector, SelectorError, type LabelMatcher } from '../grammar/label-selector.js';
import type { Condition, LabelSelector, Time } from './types.js';

/** The condition of `type` in a status's conditions, if present. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** True when the condition `type` is present with the given status ("True" by default). */
export function conditionIs(conditions: readonly Condition[] | undefined, type: string, status = 'True'): boolean {
  return findCondition(conditions, type)?.status === status;
}

/** Milliseconds since the epoch of an API timestamp (string or Date); undefined when absent or unparsable. */
export function timeMs(t: Time | undefined): number | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The timestamp as an RFC 3339 string, whichever form it arrived in. */
export function timeText(t: Time | undefined): string | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  return t instanceof Date ? t.toISOString().replace('.000Z', 'Z') : t;
}

/**
 * metav1.LabelSelector semantics (the shared grammar): matchLabels AND every
 * matchExpression. An empty selector matches everything (as the API
 * defines), a missing one nothing — so a workload without a selector never
 * claims stray pods — and one the API would have refused matches nothing
 * rather than a guess.
 */
export function matchesSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  // Objects from the store are immutable, so a verdict holds per (selector, labels) pair of objects.
  // One remembered selector per labels object: a pod's labels are nearly always asked about by one selector.
  if (!labels) return matcherOf(selector)(labels);
  const hit = verdicts.get(labels);
  if (hit?.selector === selector) return hit.verdict;
  const verdict = matcherOf(selector)(labels);
  verdicts.set(labels, { selector, verdict });
  return verdict;
}

const verdicts = new WeakMap<Record<string, string>, { selector: LabelSelector; verdict: boolean }>();
const matchers = new WeakMap<LabelSelector, LabelMatcher>();

function matcherOf(selector: LabelSelector): LabelMatcher {
  let m = matchers.get(selector);
  if (!m) {
    try {
      m = matcherFromLabelSelector(selector);
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      m = () => false;
    }
    matchers.set(selector, m);
  }
  return m;
}

/** A non-negative integer field, defaulting when absent (the API omits zero counts). */
export function count(n: number | undefined, fallback = 0): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}
