// The shape helmdeck keeps of one Helm release revision, decoded from the
// storage object (Secret or ConfigMap) that helm writes per revision. It
// holds what the history pane, the diff and the rollback warning need, and
// deliberately not the chart's template and file bodies (memory: a release
// history can hold dozens of revisions of a chart with hundreds of files).

/** Every status Helm (v3 and v4, pkg/release/common) records for a revision. */
export const RELEASE_STATUSES = [
  'deployed',
  'superseded',
  'failed',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
  'uninstalling',
  'uninstalled',
  'unknown',
] as const;

/** A revision's status; anything helm may add later decodes as 'unknown'. */
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** When a hook last ran; helm writes phase "" for a hook that never ran. */
export interface HookRun {
  phase: string;
  startedAt?: string;
  completedAt?: string;
}

/** A hook of the release (e.g. a pre-upgrade migration Job). */
export interface HelmHook {
  name: string;
  kind: string;
  path: string;
  events: string[];
  lastRun: HookRun;
  weight: number;
  deletePolicies: string[];
  /** The hook's rendered manifest: small, and what tells two migration images apart. */
  manifest: string;
}

/** The chart identity, without its templates, files, values or schema. */
export interface ChartRef {
  name: string;
  version: string;
  appVersion: string;
}

/** One revision of a release, as decoded from helm's storage. */
export interface HelmRevision {
  name: string;
  namespace: string;
  revision: number;
  status: ReleaseStatus;
  /** info.last_deployed as an ISO string ('' when helm recorded none). */
  updated: string;
  firstDeployed: string;
  deleted?: string;
  description: string;
  chart: ChartRef;
  /** The user-supplied values (helm's `config`), not the chart's defaults. */
  config: Record<string, unknown>;
  manifest: string;
  hooks: HelmHook[];
  notes: string;
  /** Helm 4's apply_method ("ssa" | "csa"); undefined when helm did not record one. */
  applyMethod?: string;
  /** Where the revision is stored, for guided recovery of a stuck pending-* revision. */
  storage: { kind: 'Secret' | 'ConfigMap'; name: string };
}

/** Narrows a status string from storage to a ReleaseStatus. */
export function toReleaseStatus(s: unknown): ReleaseStatus {
  return typeof s === 'string' && (RELEASE_STATUSES as readonly string[]).includes(s) ? (s as ReleaseStatus) : 'unknown';
}
