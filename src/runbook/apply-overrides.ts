// The command line's say over a loaded runbook, for the release it names:
//   -f FILE      appended after the runbook's values files. Helm merges values
//                files left to right, later files winning, so the command
//                line's files win where they overlap and the runbook's still
//                apply where they do not — replacing them would silently drop
//                the settings the runbook was written with.
//   --set K=V    wins over the runbook's `set` for the same key; new keys are
//                added. Overridden keys move to the end, so even when helm
//                reads one --set argument as several pairs, ours come last.
//   --version    replaces the runbook's version; CHART replaces its chart.
// A namespace that disagrees with the runbook is refused, not overridden:
// it would upgrade a different release than the one the runbook was written for.
import type { ReleasePlan, Runbook } from './types.js';

/** What the command line gives for the upgrade. */
export interface CommandLineOverrides {
  /** The release named on the command line; needed to override anything in a runbook with several releases. */
  release?: string;
  namespace?: string;
  chart?: string;
  /** `-f` files, in command-line order. */
  values?: string[];
  /** `--set` arguments as typed (`a=1`, or helm's `a=1,b=2`). */
  set?: string[];
  version?: string;
}

/** A command line that does not fit the runbook; the CLI reports it as a usage error. */
export class OverrideError extends Error {
  override readonly name = 'OverrideError';
}

/** A new runbook with the overrides applied to the named release; the input is not changed. */
export function applyOverrides(runbook: Runbook, o: CommandLineOverrides): Runbook {
  const index = targetIndex(runbook, o);
  if (index === undefined) return runbook;
  const plan = runbook.releases[index]!;
  if (o.namespace !== undefined && o.namespace !== plan.namespace) {
    throw new OverrideError(`-n ${o.namespace}: the runbook ${runbook.file} upgrades ${plan.release} in namespace ${plan.namespace}; drop -n or fix the runbook`);
  }
  const set = { ...plan.set };
  for (const [key, value] of Object.entries(parseSetArgs(o.set ?? []))) {
    delete set[key];
    set[key] = value;
  }
  const next: ReleasePlan = { ...plan, values: [...plan.values, ...(o.values ?? [])], set };
  if (o.chart !== undefined) next.chart = o.chart;
  if (o.version !== undefined) next.version = o.version;
  return { ...runbook, releases: runbook.releases.map((r, i) => (i === index ? next : r)) };
}

/** Which release the overrides are for; undefined when there is nothing to apply. */
function targetIndex(runbook: Runbook, o: CommandLineOverrides): number | undefined {
  const names = runbook.releases.map((r) => r.release);
  if (o.release !== undefined) {
    const i = names.indexOf(o.release);
    if (i < 0) throw new OverrideError(`release ${o.release} is not in the runbook ${runbook.file} (it upgrades ${names.join(', ') || 'nothing'})`);
    return i;
  }
  const anything = o.chart !== undefined || o.version !== undefined || o.namespace !== undefined || (o.values ?? []).length > 0 || (o.set ?? []).length > 0;
  if (!anything) return undefined;
  if (names.length === 1) return 0;
  throw new OverrideError(`the runbook ${runbook.file} upgrades ${names.join(', ')}: name the release the command-line options are for`);
}

/**
 * `--set` arguments as KEY → VALUE, in helm's syntax: pairs separated by
 * commas outside `{...}` and not escaped (`\,`). Values are kept as typed
 * (escapes included) because helm parses them again when they are passed on.
 */
export function parseSetArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    for (const pair of splitPairs(arg)) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? '' : pair.slice(0, eq).trim();
      if (!key) throw new OverrideError(`--set ${arg}: expected KEY=VALUE (e.g. --set global.imageTag=0.4.0)`);
      delete out[key];
      out[key] = pair.slice(eq + 1);
    }
  }
  return out;
}

function splitPairs(arg: string): string[] {
  const pairs: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < arg.length; i++) {
    const ch = arg[i]!;
    if (ch === '\\' && i + 1 < arg.length) {
      cur += ch + arg[++i];
      continue;
    }
    if (ch === '{') depth++;
    if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      pairs.push(cur);
      cur = '';
    } else cur += ch;
  }
  pairs.push(cur);
  return pairs;
}
