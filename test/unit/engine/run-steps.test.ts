// The step rules through the window controller that applies them: required
// failures are gates, `required: false` turns them into warnings, manual
// steps need an ack (headless) or a key (cockpit), overrides are journaled and
// lift the gate, and every result reaches the journal in order. The checks
// here are `run` steps of `true`/`false` and manual steps: no cluster needed.
import { describe, expect, it } from 'vitest';
import { previousDeployed } from '../../../src/engine/helm-run.js';
import { formatStepLine, type Acks } from '../../../src/engine/run-steps.js';
import { createUpgradeWindow, type UpgradeWindow } from '../../../src/engine/window.js';
import type { Journal } from '../../../src/journal/open-journal.js';
import type { CheckContext } from '../../../src/runbook/checks/index.js';
import type { ReleasePlan, Step, StepResult } from '../../../src/runbook/types.js';
import type { HelmRevision } from '../../../src/helm/release-types.js';
import { createDeckStore } from '../../../src/store/index.js';

const store = createDeckStore();
const ctx = (signal: AbortSignal): CheckContext => ({
  release: 'shop', namespace: 'ns', conn: undefined as never, store, helmPath: '/nonexistent/helm',
  chart: 'x', values: [], set: {}, now: Date.now, workdir: process.cwd(), vars: { date: 'd', release: 'shop', revision: 1 }, signal,
});

const cmd = (id: string, argv: string[], required = true): Step => ({ id, title: id, required, kind: 'run', command: argv, timeoutMs: 10_000 });
const manual = (id: string): Step => ({ id, title: id, required: true, kind: 'manual', text: 'read the notes' });

function plan(release: string, preflight: Step[]): ReleasePlan {
  return { release, namespace: 'ns', chart: 'x', values: [], set: {}, preflight, upgrade: { flags: [], timeoutMs: 60_000, observeMs: 5_000, onVerifyFailure: 'stop' }, verify: [], rollback: { notes: [], migrationsForwardOnly: false } };
}

function recorder(): Journal & { log: string[] } {
  const log: string[] = [];
  const entry = async () => ({}) as never;
  return {
    log, path: '/dev/null',
    append: entry, commandStarted: entry, command: entry, diff: entry, outcome: entry, close: async () => undefined, tee: () => () => undefined,
    note: async (t: string) => void log.push(`note ${t}`) as never,
    stepResult: async (r: StepResult) => void log.push(`result ${r.id} ${r.status}`) as never,
    override: async (id: string, reason: string) => void log.push(`override ${id} ${reason}`) as never,
  };
}

function windowOf(plans: ReleasePlan[], o: { interactive?: boolean; acks?: Acks; overrides?: Map<string, string>; journal?: Journal } = {}): UpgradeWindow {
  const journal = o.journal ?? recorder();
  return createUpgradeWindow({
    plans, upgradePlanned: true, store, helmPath: '/nonexistent/helm', helmEnv: {}, context: 'kubesim',
    contextFor: (_p, signal) => ctx(signal), upgradeArgv: (p) => ['upgrade', p.release, p.chart], journal: async () => journal,
    interactive: o.interactive ?? false, ...(o.acks ? { acks: o.acks } : {}), ...(o.overrides ? { overrides: o.overrides } : {}),
  });
}

const states = (w: UpgradeWindow) => w.store.getState().rows.filter((r) => r.stage === 'preflight').map((r) => [r.step.id, r.state]);

describe('the step rules', () => {
  it('passes, fails and warns by `required`, journaling each result in order, and blocks the upgrade on the gate', async () => {
    const j = recorder();
    const w = windowOf([plan('shop', [cmd('ok', ['true']), cmd('gate', ['false']), cmd('soft', ['false'], false)])], { journal: j });
    await w.runPreflight();
    expect(states(w)).toEqual([['ok', 'passed'], ['gate', 'failed'], ['soft', 'warned']]);
    expect(j.log).toEqual(['result ok pass', 'result gate fail', 'result soft warn']);
    expect(w.store.getState().releases[0]!.phase).toBe('blocked');
    expect(w.upgradeBlocked()).toMatch(/^1 failed gate\(s\): gate/);
    await expect(w.upgrade()).rejects.toThrow(/failed gate/);
  });

  it('headless: fails an unacknowledged manual step and passes an acknowledged one', async () => {
    const none = windowOf([plan('shop', [manual('notes')])]);
    await none.runPreflight();
    expect(none.store.getState().rows[0]!.result).toMatchObject({ status: 'fail', summary: expect.stringContaining('needs --ack notes') });
    const acked = windowOf([plan('shop', [manual('notes'), manual('other')])], { acks: 'all' });
    await acked.runPreflight();
    expect(states(acked)).toEqual([['notes', 'passed'], ['other', 'passed']]);
    expect(acked.upgradeBlocked()).toBeUndefined();
    const wrong = windowOf([plan('shop', [manual('notes')])], { acks: new Set(['other']) });
    await wrong.runPreflight();
    expect(states(wrong)).toEqual([['notes', 'failed']]);
  });

  it('in the cockpit a manual step waits for its key, which is journaled with who pressed it', async () => {
    const j = recorder();
    const w = windowOf([plan('shop', [manual('notes'), cmd('ok', ['true'])])], { interactive: true, journal: j });
    await w.runPreflight();
    expect(states(w)).toEqual([['notes', 'pending'], ['ok', 'passed']]);
    expect(w.upgradeBlocked()).toBe('1 manual step(s) not acknowledged: notes');
    await expect(w.ack('0:preflight:ok')).rejects.toThrow(/only a manual step/);
    await w.ack('0:preflight:notes', 'alice');
    expect(states(w)).toEqual([['notes', 'acknowledged'], ['ok', 'passed']]);
    expect(w.store.getState().releases[0]!.phase).toBe('ready');
    expect(j.log).toEqual(['result ok pass', 'result notes pass']);
    expect(w.store.getState().rows[0]!.result!.summary).toBe('acknowledged by alice');
  });

  it('lifts an overridden gate, keeping the failure and journaling the reason (flag or key)', async () => {
    const j = recorder();
    const w = windowOf([plan('shop', [cmd('gate', ['false'])])], { journal: j, overrides: new Map([['gate', 'known flake']]) });
    await w.runPreflight();
    const r = w.store.getState().rows[0]!;
    expect(r.state).toBe('overridden');
    expect(r.result).toMatchObject({ status: 'fail', override: { reason: 'known flake' } });
    expect(j.log).toEqual(['override gate known flake', 'result gate fail']);
    expect(formatStepLine(r.result!)).toMatch(/^✗ gate {2}.*\(overridden: known flake\)$/);

    const k = windowOf([plan('shop', [cmd('gate', ['false'])])], { interactive: true });
    await k.runPreflight();
    await expect(k.override('0:preflight:gate', '   ')).rejects.toThrow(/needs a reason/);
    await k.override('0:preflight:gate', 'DBA on the bridge');
    expect(states(k)).toEqual([['gate', 'overridden']]);
    expect(k.upgradeBlocked()).toBeUndefined();
  });

  it('retries a failed check and unblocks when it passes', async () => {
    const flag = `${process.env.TMPDIR ?? '/tmp'}/helmdeck-retry-${process.pid}`;
    const w = windowOf([plan('shop', [cmd('file', ['test', '-e', flag])])], { interactive: true });
    await w.runPreflight();
    expect(states(w)).toEqual([['file', 'failed']]);
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(flag, '');
    try {
      await w.retry('0:preflight:file');
    } finally {
      rmSync(flag, { force: true });
    }
    expect(states(w)).toEqual([['file', 'passed']]);
    expect(w.store.getState().releases[0]!.phase).toBe('ready');
  });

  it('keeps later releases waiting and runs the preflight of the one asked for', async () => {
    const w = windowOf([plan('platform', [cmd('a', ['true'])]), plan('services', [cmd('b', ['false'])])]);
    await w.runPreflight();
    expect(w.store.getState().releases.map((r) => r.phase)).toEqual(['ready', 'waiting']);
    await w.runPreflight(1);
    expect(states(w)).toEqual([['a', 'passed'], ['b', 'failed']]);
    expect(w.currentPlan()!.release).toBe('platform');
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
    expect(previousDeployed([rev(1, 'superseded'), rev(2, 'deployed')])?.revision).toBe(1);
    expect(previousDeployed([rev(1, 'failed'), rev(2, 'deployed')])).toBeUndefined();
    expect(previousDeployed([rev(1, 'deployed')])).toBeUndefined();
    expect(previousDeployed([])).toBeUndefined();
  });
});
