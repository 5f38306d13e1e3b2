// The step engine's rules: required failures are gates, `required: false`
// turns them into warnings, manual steps need an ack, overrides are journaled
// and lift the gate, every result reaches the journal in order.
import { describe, expect, it } from 'vitest';
import { previousDeployed } from '../../../src/engine/helm-run.js';
import { formatStepLine, runSteps, type StepJournal } from '../../../src/engine/run-steps.js';
import type { CheckContext } from '../../../src/runbook/checks/index.js';
import type { Step, StepResult } from '../../../src/runbook/types.js';
import type { HelmRevision } from '../../../src/helm/release-types.js';
import { createDeckStore } from '../../../src/store/index.js';

const ctx: CheckContext = {
  release: 'shop', namespace: 'ns', conn: undefined as never, store: createDeckStore(), helmPath: '/nonexistent/helm',
  chart: 'x', values: [], set: {}, now: Date.now, workdir: process.cwd(), vars: { date: 'd', release: 'shop', revision: 1 },
};

const cmd = (id: string, argv: string[], required = true): Step => ({ id, title: id, required, kind: 'run', command: argv, timeoutMs: 10_000 });
const manual = (id: string): Step => ({ id, title: id, required: true, kind: 'manual', text: 'read the notes' });

function recorder(): StepJournal & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    stepResult: async (r: StepResult) => void log.push(`result ${r.id} ${r.status}`),
    override: async (id: string, reason: string) => void log.push(`override ${id} ${reason}`),
  };
}

describe('runSteps', () => {
  it('passes, fails and warns by `required`, journaling each result in order', async () => {
    const j = recorder();
    const out = await runSteps([cmd('ok', ['true']), cmd('gate', ['false']), cmd('soft', ['false'], false)], ctx, { journal: j });
    expect(out.results.map((r) => [r.id, r.status])).toEqual([['ok', 'pass'], ['gate', 'fail'], ['soft', 'warn']]);
    expect(out.gatesFailed).toEqual(['gate']);
    expect(j.log).toEqual(['result ok pass', 'result gate fail', 'result soft warn']);
  });

  it('fails an unacknowledged manual step and passes an acknowledged one', async () => {
    const none = await runSteps([manual('notes')], ctx);
    expect(none.results[0]).toMatchObject({ status: 'fail', summary: expect.stringContaining('needs --ack notes') });
    expect(none.gatesFailed).toEqual(['notes']);
    expect((await runSteps([manual('notes')], ctx, { acks: new Set(['notes']) })).gatesFailed).toEqual([]);
    expect((await runSteps([manual('notes'), manual('other')], ctx, { acks: 'all' })).results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect((await runSteps([manual('notes')], ctx, { acks: new Set(['other']) })).gatesFailed).toEqual(['notes']);
  });

  it('lifts an overridden gate, keeping the failure and journaling the reason', async () => {
    const j = recorder();
    const out = await runSteps([cmd('gate', ['false'])], ctx, { journal: j, overrides: new Map([['gate', 'known flake']]) });
    expect(out.gatesFailed).toEqual([]);
    expect(out.results[0]).toMatchObject({ status: 'fail', override: { reason: 'known flake' } });
    expect(j.log).toEqual(['override gate known flake', 'result gate fail']);
    expect(formatStepLine(out.results[0]!)).toMatch(/^✗ gate {2}.*\(overridden: known flake\)$/);
  });

  it('formats each status with its mark', () => {
    const r = (status: StepResult['status']): StepResult => ({ id: 'a', kind: 'diff', status, summary: 's', evidence: [], startedAt: 0, endedAt: 0 });
    expect(['pass', 'fail', 'warn', 'skip'].map((s) => formatStepLine(r(s as StepResult['status'])))).toEqual(['✓ a  s', '✗ a  s', '! a  s', '- a  s']);
  });
});

describe('previousDeployed', () => {
  const rev = (revision: number, status: string) => ({ revision, status }) as unknown as HelmRevision;
  it('skips failed revisions and the current one', () => {
    expect(previousDeployed([rev(1, 'superseded'), rev(2, 'failed'), rev(3, 'deployed')])?.revision).toBe(1);
    expect(previousDeployed([rev(1, 'superseded'), rev(2, 'deployed'), rev(3, 'failed')])?.revision).toBe(2);
    expect(previousDeployed([rev(1, 'deployed')])).toBeUndefined();
    expect(previousDeployed([])).toBeUndefined();
  });
});
