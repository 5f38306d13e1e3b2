// version-policy: the chart version step is one the runbook allows —
// patch, minor or major — and not a downgrade unless asked for. Skipped
// minors are a warning: their release notes (and migrations) are easy to miss.
// Versions and ranges are read as Helm reads them (Masterminds/semver).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { latestDeployed, releaseRevisions } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { changeOf, compareSemVer, parseSemVer, skipped, type VersionChange } from '../../helm/semver.js';
import { parseConstraint, satisfies } from '../../helm/semver-constraint.js';
import { errorText } from './util.js';

const RANK: Record<VersionChange, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Compares the deployed chart version with the target's (ctx.version, else a local chart's Chart.yaml). */
export async function run(step: StepOf<'version-policy'>, ctx: CheckContext): Promise<CheckOutcome> {
  const deployed = latestDeployed(releaseRevisions(ctx.store.getState(), ctx.release, ctx.namespace));
  if (!deployed) return { status: 'skip', summary: `release "${ctx.release}" has no deployed revision to compare with`, evidence: [] };
  let target: { version: string; from: string } | undefined;
  try {
    target = targetVersion(ctx);
  } catch (e) {
    return { status: 'fail', summary: errorText(e), evidence: [] };
  }
  if (!target) {
    return { status: 'warn', summary: `the target chart version is not known (${ctx.chart} without --version): helm would take whatever is newest — pin it`, evidence: [] };
  }
  return judgeVersion(deployed.chart.version, target.version, step, target.from);
}

/** The verdict for deployed → target under the step's policy; pure, for the unit tables. */
export function judgeVersion(deployedText: string, targetText: string, step: Pick<StepOf<'version-policy'>, 'allow' | 'allowDowngrade'>, from = 'target'): CheckOutcome {
  const evidence = [`deployed chart version ${deployedText}`, `target chart version ${targetText} (${from})`, `allowed: up to a ${step.allow} step${step.allowDowngrade ? ', downgrades allowed' : ''}`];
  const a = parseSemVer(deployedText);
  const b = parseSemVer(targetText);
  if (!b) {
    const range = parseConstraint(targetText);
    if (!range) return { status: 'fail', summary: `target version "${targetText}" is neither a version nor a range helm accepts`, evidence };
    if (a) evidence.push(`deployed ${deployedText} is ${satisfies(a, range) ? 'inside' : 'outside'} the range ${targetText}`);
    return { status: 'warn', summary: `target "${targetText}" is a range: helm installs the newest chart version in it, which this check cannot see — pin --version to judge the step`, evidence };
  }
  if (!a) return { status: 'warn', summary: `deployed chart version "${deployedText}" is not SemVer: cannot compare`, evidence };
  const order = compareSemVer(b, a);
  const change = changeOf(a, b);
  if (order < 0) {
    return step.allowDowngrade
      ? { status: 'warn', summary: `downgrade ${a.text} → ${b.text} (allowed by the runbook): migrations that ran do not revert`, evidence }
      : { status: 'fail', summary: `downgrade ${a.text} → ${b.text}: not allowed (set allowDowngrade to permit it)`, evidence };
  }
  if (change === 'none') return { status: 'pass', summary: `same chart version ${b.text}: a values-only upgrade`, evidence };
  if (RANK[change] > RANK[step.allow]) {
    return { status: 'fail', summary: `${change} upgrade ${a.text} → ${b.text}: the runbook allows only ${step.allow} steps`, evidence };
  }
  const jumped = skipped(a, b);
  if (jumped.length > 0) {
    return { status: 'warn', summary: `${change} upgrade ${a.text} → ${b.text} skips ${jumped.join(', ')}: read their release notes too`, evidence };
  }
  const zero = a.major === 0 && change === 'minor' ? ' (0.x: a minor step may break compatibility)' : '';
  return { status: 'pass', summary: `${change} upgrade ${a.text} → ${b.text}${zero}`, evidence };
}

// --version wins; a local chart directory says its own version; anything else (repo/name, oci://) is unknown.
function targetVersion(ctx: CheckContext): { version: string; from: string } | undefined {
  if (ctx.version) return { version: ctx.version, from: '--version' };
  const dir = isAbsolute(ctx.chart) ? ctx.chart : resolve(ctx.workdir, ctx.chart);
  const file = join(dir, 'Chart.yaml');
  if (!existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: invalid YAML: ${errorText(e).split('\n')[0]}`, { cause: e });
  }
  const version = (doc as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' && typeof version !== 'number') throw new Error(`${file}: no version field`);
  return { version: String(version), from: file };
}
