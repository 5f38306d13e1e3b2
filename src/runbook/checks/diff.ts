// diff: what the upgrade will change (values and manifest against the
// deployed revision), shown before the operator commits to it. Informational:
// the diff engine belongs to the caller; this step only carries its lines.
// A target that cannot be rendered (a chart path that does not exist, a
// template error, a release helm will not touch) fails: helm upgrade would
// fail the same way, mid-window.
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { bounded, errorText } from './util.js';

/** Most diff lines kept in the evidence; the full diff is the caller's to show. */
const MAX_DIFF_LINES = 400;

/** Runs ctx.diff and reports its lines; 'warn' when there is no diff engine, 'fail' when the target cannot be rendered. */
export async function run(_step: StepOf<'diff'>, ctx: CheckContext): Promise<CheckOutcome> {
  if (!ctx.diff) return { status: 'warn', summary: 'no diff available: the changes were not shown before the upgrade', evidence: [] };
  let lines: string[];
  try {
    lines = await ctx.diff();
  } catch (e) {
    return { status: 'fail', summary: `the target cannot be rendered, so helm upgrade would fail too: ${errorText(e)}`, evidence: [] };
  }
  const changed = lines.filter((l) => /^[+-](?![+-]{2})/.test(l)).length;
  if (lines.length === 0) return { status: 'pass', summary: 'no changes against the deployed revision', evidence: [] };
  return { status: 'pass', summary: `${changed} changed line(s) against the deployed revision`, evidence: bounded(lines, MAX_DIFF_LINES) };
}
