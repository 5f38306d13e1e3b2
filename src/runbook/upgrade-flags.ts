// The `helm upgrade` flags a runbook asks for, and the timeout they imply.
// The timeout lives in two places (the flag helm reads, the number helmdeck
// waits by); they are made to agree here, once, so the rollout pane never
// gives up before helm does or the other way round.
import { parseDuration } from '../grammar/duration.js';

/** The flags when the runbook gives none: roll back on failure (helm 4's --atomic), 10 minutes. */
export const DEFAULT_UPGRADE_FLAGS: readonly string[] = ['--rollback-on-failure', '--timeout', '10m'];

/**
 * How long verify observes the new revision when the runbook does not say:
 * with Kubernetes' default probes (10 s period, 3 failures) a container that
 * crashes after turning Ready is seen restarting or NotReady within about a
 * minute; two minutes catches that with margin and a second crash, and is
 * short next to a maintenance window.
 */
export const DEFAULT_OBSERVE_MS = 2 * 60_000;

/** The flags with which helm itself rolls back a failed upgrade. */
const SELF_ROLLBACK_FLAGS = new Set(['--rollback-on-failure', '--atomic']);

/** True when the flags ask helm to roll back a failed upgrade itself. */
export function rollsBackOnFailure(flags: readonly string[]): boolean {
  return flags.some((f) => SELF_ROLLBACK_FLAGS.has(f.split('=')[0]!) && !/=false$/.test(f));
}

/** What a failed verify does headless when the runbook does not say: what the operator asked of a failed helm upgrade. */
export function defaultVerifyFailure(flags: readonly string[]): 'stop' | 'rollback' {
  return rollsBackOnFailure(flags) ? 'rollback' : 'stop';
}

/** What helm waits when no --timeout is given. */
export const HELM_DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Flags that runbook keys or helmdeck's own options own: given twice, which one wins would be a surprise. */
const OWNED: Record<string, string> = {
  '-n': 'the namespace key', '--namespace': 'the namespace key',
  '-f': 'the values key', '--values': 'the values key',
  '--set': 'the set key', '--version': 'the version key',
  '--kube-context': "helmdeck's --context", '--kubeconfig': "helmdeck's --kubeconfig",
};

/** The settled flags and timeout, or the problems (index: the flag at fault, when one is). */
export interface UpgradeSettings {
  flags: string[];
  timeoutMs: number;
  problems: Array<{ index?: number; reason: string }>;
}

/** Reconciles `upgrade.flags` (undefined: the defaults) with `upgrade.timeout` (ms). */
export function upgradeSettings(given: readonly string[] | undefined, timeoutMs: number | undefined): UpgradeSettings {
  const flags = [...(given ?? DEFAULT_UPGRADE_FLAGS)];
  const problems: UpgradeSettings['problems'] = [];
  let flagTimeout: { ms: number; index: number } | undefined;
  flags.forEach((arg, index) => {
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const owner = OWNED[name];
    if (owner) problems.push({ index, reason: `${name} is set by ${owner}, not in upgrade.flags` });
    if (name !== '--timeout') return;
    const text = inline ?? flags[index + 1];
    const ms = text === undefined ? undefined : parseDuration(text);
    if (ms === undefined || ms <= 0) problems.push({ index, reason: `--timeout needs a duration such as 10m after it${text === undefined ? '' : `, got "${text}"`}` });
    else flagTimeout = { ms, index };
  });
  if (timeoutMs === undefined) return { flags, timeoutMs: flagTimeout?.ms ?? HELM_DEFAULT_TIMEOUT_MS, problems };
  if (given === undefined) {
    // The default flags carry their own 10m: upgrade.timeout replaces it.
    flags.splice(flags.indexOf('--timeout'), 2, '--timeout', formatDuration(timeoutMs));
  } else if (flagTimeout) {
    if (flagTimeout.ms !== timeoutMs) {
      problems.push({ index: flagTimeout.index, reason: `--timeout here (${formatDuration(flagTimeout.ms)}) disagrees with upgrade.timeout (${formatDuration(timeoutMs)}); give it in one place` });
    }
  } else {
    flags.push('--timeout', formatDuration(timeoutMs));
  }
  return { flags, timeoutMs, problems };
}

/** A duration in the form helm (Go) parses and operators write: 10m, 1h30m, 45s, 1s500ms. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('') || '0s';
}
