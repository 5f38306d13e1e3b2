// Asks the real helm what an upgrade would apply, without applying it:
// `helm upgrade --dry-run=server -o json` (see dryRunArgv) renders against the
// live cluster (lookup, capabilities, --reuse-values merged with the stored
// values) and prints the would-be release as JSON — manifest, hooks, values
// and chart identity in one document, which `helm template` cannot give.
import { classifyHelmError, type HelmErrorExplanation } from '../actions/classify-helm-error.js';
import { runHelm } from '../actions/run-helm.js';
import type { ChartRef } from '../release-types.js';

/** What the upgrade would deploy. */
export interface RenderedTarget {
  /** The manifest with the hooks appended, as diffRelease reads it. */
  manifest: string;
  /** The user-supplied values helm would store (its `config`). */
  values: Record<string, unknown>;
  chart: ChartRef;
  /** The chart's NOTES.txt as helm rendered it (the chart's files in the JSON are not kept). */
  notes: string;
}

/** A dry run that helm refused, with the explanation for the operator. */
export class RenderError extends Error {
  constructor(
    message: string,
    readonly explanation: HelmErrorExplanation,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs a dry-run argv (from dryRunArgv) and returns the would-be release. */
export async function renderTarget(helmPath: string, argv: readonly string[], opts: { env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<RenderedTarget> {
  if (!argv.includes('--dry-run=server') || !argv.includes('json')) {
    throw new Error('renderTarget: expected a dry-run argv from dryRunArgv (helm upgrade --dry-run=server --output json)');
  }
  // A dry run changes nothing: it must not outlive helmdeck or a cancelled step.
  const r = await runHelm(helmPath, argv, { disposable: true, ...(opts.env ? { env: opts.env } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  if (r.exitCode !== 0) {
    const explanation = classifyHelmError(r.stderr, { release: argv[1] });
    throw new RenderError(`helm dry run failed: ${r.spawnError ?? explanation.explanation}`, explanation, r.stderr);
  }
  return parseDryRun(r.stdout);
}

/** Parses the release JSON helm prints for `upgrade --dry-run=server -o json`. */
export function parseDryRun(stdout: string): RenderedTarget {
  let rel: unknown;
  try {
    rel = JSON.parse(stdout);
  } catch (e) {
    throw new Error(`helm dry run did not print JSON (${(e as Error).message}): ${stdout.slice(0, 120)}`, { cause: e });
  }
  const o = obj(rel);
  const meta = obj(obj(o.chart).metadata);
  const hooks = Array.isArray(o.hooks) ? o.hooks.map((h) => str(obj(h).manifest)).filter(Boolean) : [];
  return {
    manifest: [str(o.manifest), ...hooks].join('\n---\n'),
    values: obj(o.config),
    chart: { name: str(meta.name), version: str(meta.version), appVersion: str(meta.appVersion) },
    notes: str(obj(o.info).notes),
  };
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
