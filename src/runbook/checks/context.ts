// What every check is given: the release it judges, how to reach the cluster
// (the same connection the live model watches through, so a check and the
// panes never disagree about which cluster they mean), the synced store, and
// the target of the upgrade. Callers build one per release of the runbook.
import type { Connection } from '../../kube/types.js';
import type { LagSource } from '../../lag/types.js';
import type { DeckStore } from '../../store/index.js';
import type { RegistryHosts } from './registry-hosts.js';
import type { Step, StepResult } from '../types.js';

/** The context a check runs in. */
export interface CheckContext {
  release: string;
  namespace: string;
  /** The connection the live model uses; helm gets the same context and kubeconfig files. */
  conn: Connection;
  /** The live model's store, already synced (waitForSync) — checks read it, they never write it. */
  store: DeckStore;
  /** The helm binary (locateHelm). */
  helmPath: string;
  /** Extra environment for helm (HOME, HELM_* dirs); KUBECONFIG is derived from conn unless given here. */
  helmEnv?: Record<string, string>;
  /** The upgrade's target: chart path/reference, values files, --set pairs and --version. */
  chart: string;
  values: string[];
  set: Record<string, string>;
  version?: string;
  /** Flags of the upgrade that reading the chart needs too (--plain-http, --ca-file...): helm calls that read the chart get them. */
  chartFlags?: string[];
  /** The config file's `registries` map: where images-exist asks for each registry host. */
  registries?: RegistryHosts;
  /** The target manifest (helm template / upgrade --dry-run), rendered by the caller. */
  rendered?: () => Promise<string>;
  /** The values + manifest diff against the deployed revision, as display lines (another module computes it). */
  diff?: () => Promise<string[]>;
  /** The clock (epoch ms). */
  now: () => number;
  /** Aborts a running check (the operator quit or skipped it). */
  signal?: AbortSignal;
  /** Where `save:` paths are resolved. */
  workdir: string;
  /** Lag sources from --lag and the config file, for a consumer-lag step that names none of its own. */
  lagSources?: LagSource[];
  /** Placeholders for `save:` paths and commands (SAVE_PLACEHOLDERS). */
  vars: { date: string; time?: string; window?: string; release: string; revision: string | number };
  /** In verify: when the upgrade or rollback being verified began (epoch ms); only what happened since counts. */
  since?: number;
  /** In verify: what produced the revision being verified (a rollback runs no pre-upgrade hooks). */
  verifying?: 'upgrade' | 'rollback';
  /** A running step's progress line for the checklist ("sample 2 of 3"). */
  progress?: (text: string) => void;
}

/** The step of one kind. */
export type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;

/** What a check decides; runCheck adds id, kind and the timestamps. */
export interface CheckOutcome {
  status: Extract<StepResult['status'], 'pass' | 'fail' | 'warn' | 'skip'>;
  summary: string;
  evidence: string[];
}

/** One check kind's entry point. */
export type CheckFn<K extends Step['kind']> = (step: StepOf<K>, ctx: CheckContext) => Promise<CheckOutcome>;

/** Arguments that make helm talk to the cluster the watches follow, whatever helm's own defaults say. */
export function helmTarget(ctx: CheckContext): { args: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  if (ctx.conn.configFiles?.length) env.KUBECONFIG = ctx.conn.configFiles.join(':');
  Object.assign(env, ctx.helmEnv ?? {});
  return { args: ['--kube-context', ctx.conn.context, '-n', ctx.namespace], env };
}
