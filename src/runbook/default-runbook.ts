// The runbook helmdeck uses when `--runbook` is not given: the checks every
// Helm upgrade deserves whatever the product (the release is settled, its pods
// and HPAs healthy, its PDBs allow a rollout, the diff reviewed), and a
// complete rollout after. Built from the same step table as loaded runbooks,
// so its defaults, ids and titles are the ones a file would get.
import { defaultValue } from './field-spec.js';
import type { Section } from './step-spec.js';
import { STEP_TABLE } from './step-table.js';
import type { ReleasePlan, Runbook, Step, StepKind } from './types.js';
import { DEFAULT_OBSERVE_MS, defaultVerifyFailure, upgradeSettings } from './upgrade-flags.js';

/** What the command line says about the release when no runbook file is given. */
export interface DefaultRunbookOptions {
  release: string;
  namespace?: string;
  chart: string;
  values?: string[];
  set?: Record<string, string>;
  version?: string;
}

/** The name the built-in runbook goes by in messages and the journal. */
export const DEFAULT_RUNBOOK_FILE = '(built-in runbook)';

const PREFLIGHT: readonly StepKind[] = ['release-settled', 'pods-healthy', 'hpa-valid', 'pdb', 'diff'];
const VERIFY: readonly StepKind[] = ['rollout-complete'];

/** The built-in runbook for one release: preflight release-settled, pods-healthy, hpa-valid, pdb, diff; verify rollout-complete. */
export function defaultRunbook(opts: DefaultRunbookOptions): Runbook {
  const upgrade = upgradeSettings(undefined, undefined);
  const plan: ReleasePlan = {
    release: opts.release,
    namespace: opts.namespace ?? 'default',
    chart: opts.chart,
    values: [...(opts.values ?? [])],
    set: { ...(opts.set ?? {}) },
    preflight: PREFLIGHT.map((kind, i) => tableStep(kind, 'preflight', i)),
    upgrade: { flags: upgrade.flags, timeoutMs: upgrade.timeoutMs, observeMs: DEFAULT_OBSERVE_MS, onVerifyFailure: defaultVerifyFailure(upgrade.flags) },
    verify: VERIFY.map((kind, i) => tableStep(kind, 'verify', i)),
    rollback: { notes: [], migrationsForwardOnly: false },
  };
  if (opts.version !== undefined) plan.version = opts.version;
  return { file: DEFAULT_RUNBOOK_FILE, releases: [plan] };
}

/** A step of a kind with every field at its default (only kinds without required fields). */
function tableStep(kind: StepKind, section: Section, index: number): Step {
  const spec = STEP_TABLE.find((r) => r.kind === kind);
  if (!spec || spec.fields.some((f) => f.required)) throw new Error(`default-runbook: ${kind} cannot be built from defaults`);
  const values = Object.fromEntries(spec.fields.map((f) => [f.key, defaultValue(f)]));
  const step = spec.build({ id: `${section}.${index + 1}.${kind}`, title: spec.title(values), required: true }, values);
  return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as Step;
}
