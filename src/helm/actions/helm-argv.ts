// Builds helm's argv for the actions helmdeck runs. Each argument is one array
// element, never a concatenated string, so a value with spaces, quotes or `;`
// reaches helm unchanged and nothing is ever parsed by a shell.

/** Where a command runs: the release's namespace and, when chosen, the kubeconfig and context. */
export interface HelmTarget {
  release: string;
  namespace: string;
  kubeconfig?: string;
  context?: string;
}

/** The inputs of an upgrade, as a runbook or the command line gives them. */
export interface UpgradeSpec extends HelmTarget {
  /** Path, repo/name, or oci:// reference, as helm takes it. */
  chart: string;
  /** Values files, passed in order (later files win, as in helm). */
  values: string[];
  /** `--set` pairs, one argument each; values keep helm's --set syntax (commas split, `\,` escapes). */
  set: Record<string, string>;
  version?: string;
  /** Extra flags passed through verbatim (e.g. --rollback-on-failure, --timeout 10m). */
  flags: string[];
}

/** The inputs of a rollback; without a revision helm rolls back to the previous one. */
export interface RollbackSpec extends HelmTarget {
  revision?: number;
  wait: boolean;
  /** A helm duration ("5m") or milliseconds. */
  timeout?: string | number;
  flags?: string[];
}

/** `helm upgrade RELEASE CHART ...` with values files, --set pairs, version and flags. */
export function upgradeArgv(spec: UpgradeSpec): string[] {
  return ['upgrade', ...positional(spec.release, 'release'), ...positional(spec.chart, 'chart'), ...chartInputs(spec), ...spec.flags, ...targetFlags(spec)];
}

/** `helm rollback RELEASE [REVISION] ...`; --wait and --timeout as the operator chose. */
export function rollbackArgv(spec: RollbackSpec): string[] {
  const argv = ['rollback', ...positional(spec.release, 'release')];
  if (spec.revision !== undefined) {
    if (!Number.isInteger(spec.revision) || spec.revision < 1) throw new Error(`rollback: revision must be a positive integer, got ${spec.revision}`);
    argv.push(String(spec.revision));
  }
  if (spec.wait) argv.push('--wait');
  if (spec.timeout !== undefined) argv.push('--timeout', helmDuration(spec.timeout));
  return [...argv, ...(spec.flags ?? []), ...targetFlags(spec)];
}

/** `helm template` of the upgrade's chart and values: a render that needs no cluster. */
export function templateArgv(spec: Omit<UpgradeSpec, 'flags'> & { flags?: string[] }): string[] {
  return ['template', ...positional(spec.release, 'release'), ...positional(spec.chart, 'chart'), ...chartInputs(spec), ...(spec.flags ?? []), ...targetFlags(spec)];
}

// Flags of a real upgrade that make no sense for a dry run (waiting, undoing,
// output format), with how many arguments each takes when not written `--f=v`.
const NOT_FOR_DRY_RUN: Record<string, number> = {
  '--wait': 0,
  '--wait-for-jobs': 0,
  '--atomic': 0,
  '--rollback-on-failure': 0,
  '--cleanup-on-fail': 0,
  '--timeout': 1,
  '--output': 1,
  '-o': 1,
  '--dry-run': 0,
  '--history-max': 1,
  '--description': 1,
};

/**
 * `helm upgrade --dry-run=server -o json`: what the upgrade would apply,
 * rendered by helm against the live cluster (lookup functions, capabilities,
 * --reuse-values) and printed as the release JSON the diff reads. The
 * operator's flags are kept, except the ones about waiting and undoing.
 */
export function dryRunArgv(spec: UpgradeSpec): string[] {
  const flags: string[] = [];
  for (let i = 0; i < spec.flags.length; i++) {
    const flag = spec.flags[i]!;
    const name = flag.split('=')[0]!;
    const arity = NOT_FOR_DRY_RUN[name];
    if (arity === undefined) flags.push(flag);
    else if (!flag.includes('=')) i += arity;
  }
  return upgradeArgv({ ...spec, flags: [...flags, '--dry-run=server', '--output', 'json'] });
}

/** `helm history RELEASE -o json`, newest `max` revisions. */
export function historyArgv(spec: HelmTarget & { max?: number }): string[] {
  const argv = ['history', ...positional(spec.release, 'release'), '--output', 'json'];
  if (spec.max !== undefined) argv.push('--max', String(spec.max));
  return [...argv, ...targetFlags(spec)];
}

function chartInputs(spec: { values: string[]; set: Record<string, string>; version?: string }): string[] {
  const argv: string[] = [];
  for (const file of spec.values) argv.push('--values', file);
  for (const [key, value] of Object.entries(spec.set)) {
    if (key === '' || key.includes('=')) throw new Error(`--set: invalid key ${JSON.stringify(key)}`);
    argv.push('--set', `${key}=${value}`);
  }
  if (spec.version !== undefined && spec.version !== '') argv.push('--version', spec.version);
  return argv;
}

function targetFlags(t: HelmTarget): string[] {
  if (!t.namespace) throw new Error('helm: a namespace is required (helmdeck never relies on the kubeconfig default)');
  const argv = ['--namespace', t.namespace];
  if (t.kubeconfig) argv.push('--kubeconfig', t.kubeconfig);
  if (t.context) argv.push('--kube-context', t.context);
  return argv;
}

// A positional that starts with "-" would be read by helm as a flag: a
// release named "--dry-run" must be refused, not silently change the command.
function positional(value: string, what: string): [string] {
  if (value === '' || value.startsWith('-')) throw new Error(`helm: invalid ${what} ${JSON.stringify(value)}`);
  return [value];
}

function helmDuration(t: string | number): string {
  if (typeof t === 'string') return t;
  if (!Number.isFinite(t) || t < 0) throw new Error(`helm: invalid timeout ${t}`);
  return t % 1000 === 0 ? `${t / 1000}s` : `${t}ms`;
}
