// The runbook as helmdeck runs it: one or more releases upgraded in order,
// each with preflight steps, upgrade flags, verify steps and rollback notes.
// The loader (load-runbook.ts) turns YAML into these shapes; the step engine
// runs them; checks/ implements each step kind.

/** Where a value came from in the runbook file, for errors and evidence. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export type StepStatus = 'pending' | 'running' | 'pass' | 'fail' | 'warn' | 'skip';

/** What every step carries besides its kind-specific fields. */
export interface StepBase {
  /** Stable id ("preflight.3.pods-healthy" unless the runbook names it with `id:`). */
  id: string;
  /** Human title shown in the checklist. */
  title: string;
  /** A failed required step blocks the upgrade (a gate); `required: false` makes a failure a warning. */
  required: boolean;
  pos?: SourcePos;
}

export type Step =
  | (StepBase & { kind: 'manual'; text: string; link?: string })
  | (StepBase & { kind: 'release-settled' })
  | (StepBase & { kind: 'pods-healthy'; selector?: string })
  | (StepBase & { kind: 'hpa-valid' })
  | (StepBase & { kind: 'pdb' })
  | (StepBase & { kind: 'consumer-lag'; sources: string[]; groups: string[]; maxLag: number; samples: number; windowMs: number })
  | (StepBase & { kind: 'images-exist'; insecureRegistries?: string[] })
  | (StepBase & { kind: 'secret-present'; name: string; keys: string[] })
  | (StepBase & { kind: 'diff' })
  | (StepBase & { kind: 'version-policy'; allow: 'patch' | 'minor' | 'major'; allowDowngrade: boolean })
  | (StepBase & { kind: 'run'; command: string[]; timeoutMs: number; save?: string; env?: Record<string, string> })
  | (StepBase & { kind: 'http'; url: string; method?: string; requestBody?: string; headers?: Record<string, string>; expect: number; bodyMatch?: string; jsonFields?: Record<string, unknown>; timeoutMs: number; insecure?: boolean })
  | (StepBase & { kind: 'logs'; selector: string; match?: string; failOn?: string; withinMs: number; container?: string })
  | (StepBase & { kind: 'rollout-complete'; timeoutMs: number })
  | (StepBase & { kind: 'helm-test'; timeoutMs: number });

export type StepKind = Step['kind'];

/**
 * Verify's observation of the new revision: not a runbook step (every verify
 * has one, its length is `upgrade.observe`), but a row of the checklist and a
 * result in the journal like the steps.
 */
export type ObserveStep = StepBase & { kind: 'observe'; durationMs: number };

/** A step of the checklist: a runbook step, or verify's observation. */
export type WindowStep = Step | ObserveStep;

/** One release's part of the window. */
export interface ReleasePlan {
  release: string;
  namespace: string;
  /** Path, repo/name, or oci:// reference, as helm takes it. */
  chart: string;
  version?: string;
  values: string[];
  set: Record<string, string>;
  preflight: Step[];
  upgrade: UpgradeSettingsOfPlan;
  verify: Step[];
  rollback: { notes: string[]; migrationsForwardOnly: boolean };
}

/** What happens after `helm upgrade`: how long verify watches the new revision, and what a failed verify does headless. */
export interface UpgradeSettingsOfPlan {
  flags: string[];
  timeoutMs: number;
  /** How long verify observes the new revision after helm returns. */
  observeMs: number;
  /** Headless, after a failed verify: stop (print the rollback command) or roll back and verify again. */
  onVerifyFailure: VerifyFailureAction;
}

/** `upgrade.on-verify-failure`. */
export type VerifyFailureAction = 'stop' | 'rollback';

export interface Runbook {
  file: string;
  /** Releases in the order they are upgraded (the Kleidia runbook: platform, data, services). */
  releases: ReleasePlan[];
}

/** What a step produced: its verdict and the evidence shown and journaled. Evidence never holds secret values. */
export interface StepResult {
  id: string;
  kind: StepKind | 'observe';
  status: StepStatus;
  /** One line: why it passed or failed. */
  summary: string;
  /** Details: command output, diff, lag table… (bounded). */
  evidence: string[];
  startedAt: number;
  endedAt: number;
  /** An override with its typed reason, when the operator let a failed gate pass. */
  override?: { reason: string; at: number };
}
