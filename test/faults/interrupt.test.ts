// An interrupted window, with the real helm against kubesim: SIGINT, SIGTERM
// or SIGHUP sent to `helmdeck upgrade --headless --yes` while helm runs makes
// helm stop by itself (helmdeck forwards SIGINT, never SIGKILL), the journal
// records the outcome as interrupted, the revision ends failed rather than
// pending, and the exit code is non-zero. And the journal survives helmdeck
// itself being SIGKILLed: every entry written before the kill is a complete,
// parseable JSON line in order, and the report says the window was not closed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/journal/read-journal.js';
import { findHelmProcesses } from '../../src/runbook/checks/release-settled.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { helmdeck, helmHistory, journalPathOf, readJournalStrict, releaseSecrets, shopChart, sleep, startHelmdeck, waitForOutput } from './helpers.js';

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

async function install(ns: string): Promise<void> {
  // No HPA: its metrics take a while after install, and hpa-valid would hold the gate.
  await c.helm(['install', 'shop', shopChart, '-n', ns, '--create-namespace', '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
}

/** An upgrade that never finishes by itself: the new pods never turn ready. */
function hangingUpgrade(ns: string, tag: string) {
  return startHelmdeck(c, ['upgrade', 'shop', shopChart, '-n', ns, '--set', 'readyAfter=never', '--set', 'migration.enabled=false', '--set', `image.tag=${tag}`, '--observe', '2s', '--headless', '--yes', '--kubeconfig', c.sim.kubeconfigPath]);
}

const helmsFor = (ns: string) => findHelmProcesses({ release: 'shop', namespace: ns, kubeconfigs: [c.sim.kubeconfigPath] });
const pendingIn = (ns: string) => releaseSecrets(c, 'shop', ns).filter((s) => s.metadata.labels?.status?.startsWith('pending-'));

/**
 * Stops a helm orphaned by a killed helmdeck (SIGINT, as helmdeck would
 * have), then, as release-settled would guide an operator, rolls a release
 * left pending back to its last deployed revision.
 */
async function stopOrphans(ns: string): Promise<void> {
  for (const p of helmsFor(ns)) process.kill(p.pid, 'SIGINT');
  await waitFor(() => helmsFor(ns).length === 0, 30_000, 'the orphaned helm to exit');
  if (pendingIn(ns).length === 0) return;
  const h = await helmHistory(c, 'shop', ns);
  const good = h.filter((x) => x.status === 'deployed' || x.status === 'superseded').at(-1)!;
  await c.helm(['rollback', 'shop', String(good.revision), '-n', ns, '--wait', '--timeout', '60s']);
}

describe.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s to helmdeck upgrade --headless during the helm upgrade', (signal) => {
  it('helm is interrupted and exits by itself, the journal says interrupted, the revision ends failed (not pending), exit non-zero', async () => {
    const ns = `int-${signal.toLowerCase()}`;
    await install(ns);
    const proc = hangingUpgrade(ns, `2.0.0-${signal.toLowerCase()}`);
    try {
      await waitForOutput(proc, /^\$ helm upgrade /m);
      await waitFor(() => pendingIn(ns).length === 1, 30_000, 'helm to hold the release (pending-upgrade)');
      expect(helmsFor(ns)).toHaveLength(1);
      proc.kill(signal);
      const r = await proc;
      expect(r.exitCode).toBe(1);
      expect(r.signal).toBeUndefined();
      const out = String(r.stdout);
      expect(out).toMatch(/^ {2}helm\| Release shop has been cancelled\.$/m);
      expect(out).toMatch(/^✗ upgrade failed: interrupted/m);
      // helm is gone and wrote its result: the upgrade's revision is failed, nothing pending.
      expect(helmsFor(ns)).toEqual([]);
      const h = await helmHistory(c, 'shop', ns);
      expect(h[1]).toMatchObject({ revision: 2, status: 'failed' });
      expect(h.filter((x) => x.status.startsWith('pending-'))).toEqual([]);

      const entries = readJournalStrict(journalPathOf(out));
      const cmd = entries.find((e) => e.type === 'command');
      // Exited by itself (an exit code, no signal): it was asked to stop, not killed.
      expect(cmd).toMatchObject({ title: 'upgrade shop', interrupted: true, exitCode: 1 });
      expect(cmd.signal).toBeUndefined();
      expect(cmd.outputTail).toContain('Release shop has been cancelled.');
      expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'interrupted', revision: 2 });
      expect(entries.at(-1).type).toBe('window-end');
    } finally {
      proc.kill('SIGKILL');
      await stopOrphans(ns).catch(() => undefined);
    }
  }, 120_000);
});

describe('the journal when helmdeck itself is SIGKILLed', () => {
  it('mid-window, during helm: every entry before the kill is complete JSON in order; helm is left running, never killed', async () => {
    const ns = 'kill9';
    await install(ns);
    const proc = hangingUpgrade(ns, '3.0.0');
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    try {
      await waitForOutput(proc, /^\$ helm upgrade /m);
      await waitFor(() => pendingIn(ns).length === 1, 30_000, 'helm to hold the release');
      proc.kill('SIGKILL');
      const r = await proc;
      expect(r.signal).toBe('SIGKILL');
      const path = journalPathOf(out);
      const entries = readJournalStrict(path);
      expect(entries[0]).toMatchObject({ type: 'window-start', release: 'shop', namespace: ns });
      // Every step line printed before the kill is in the journal.
      const printed = [...out.matchAll(/^[✓✗!?·-] (preflight\.\d+\.\S+)/gm)].map((m) => m[1]);
      expect(printed.length).toBeGreaterThanOrEqual(4);
      const journaled = entries.filter((e) => e.type === 'step-result').map((e) => e.result.id);
      for (const id of printed) expect(journaled).toContain(id);
      expect(entries.some((e) => e.type === 'window-end')).toBe(false);
      const report = await helmdeck(c, ['report', path]);
      expect(report.code).toBe(0);
      expect(report.out).toMatch(/\| Window end \| not closed — the journal ends at /);
      expect(report.err).toBe('');
      // The upgrade's helm outlived helmdeck: nothing SIGKILLed it.
      await sleep(500);
      expect(helmsFor(ns)).toHaveLength(1);
      // The journal named that helm before helmdeck waited for it, so the record says what is unknown.
      const pid = helmsFor(ns)[0]!.pid;
      expect(entries.find((e) => e.type === 'command-started')).toMatchObject({ title: 'upgrade shop', pid });
      expect(report.out).toMatch(new RegExp(`\\| Outcome \\| helm upgrade started at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ, pid ${pid}, outcome not recorded \\|`));
      expect(report.out).not.toContain('no upgrade or rollback recorded');
    } finally {
      await stopOrphans(ns).catch(() => undefined);
    }
  }, 120_000);

  it('a helm orphaned by a SIGKILLed helmdeck, interrupted later, still records its revision as failed (not pending)', async () => {
    const ns = 'kill9-orphan';
    await install(ns);
    const proc = hangingUpgrade(ns, '2.0.0-orphan');
    try {
      await waitForOutput(proc, /^\$ helm upgrade /m);
      await waitFor(() => pendingIn(ns).length === 1, 30_000, 'helm to hold the release');
      proc.kill('SIGKILL');
      await proc.catch(() => undefined);
      // helm writes into files, not a pipe its dead parent held: it lives on, and still answers SIGINT properly.
      await sleep(1000);
      const orphans = helmsFor(ns);
      expect(orphans).toHaveLength(1);
      process.kill(orphans[0]!.pid, 'SIGINT');
      await waitFor(() => helmsFor(ns).length === 0, 30_000, 'the orphaned helm to exit');
      await waitFor(() => pendingIn(ns).length === 0, 10_000, 'the revision to leave pending');
      const h = await helmHistory(c, 'shop', ns);
      expect(h.find((x) => x.revision === 2)?.status).toBe('failed');
    } finally {
      await stopOrphans(ns).catch(() => undefined);
    }
  }, 120_000);

  it('at random moments of the window: the complete lines always parse and count 1, 2, 3… (at most the last one cut)', async () => {
    const ns = 'kill9-random';
    await install(ns);
    // A seeded spread of kill times over the preflight and the start of helm.
    const delays = [150, 700, 1300, 2100, 3200];
    for (const [i, delay] of delays.entries()) {
      const proc = hangingUpgrade(ns, `4.0.${i}`);
      let out = '';
      proc.stdout!.on('data', (d) => (out += d));
      try {
        await waitForOutput(proc, /^journal: \S+$/m);
        await sleep(delay);
        proc.kill('SIGKILL');
        await proc;
        const text = readFileSync(journalPathOf(out), 'utf8');
        const parsed = parseJournal(text);
        expect(parsed.damagedLines, `kill after ${delay} ms`).toEqual([]);
        expect(parsed.entries.map((e) => e.seq)).toEqual(parsed.entries.map((_e, k) => k + 1));
        expect(parsed.entries[0]?.type).toBe('window-start');
        // A cut line can only be the last one, and only when the kill hit a write.
        if (parsed.truncated) expect(text.endsWith('\n')).toBe(false);
      } finally {
        proc.kill('SIGKILL');
        await stopOrphans(ns).catch(() => undefined);
      }
    }
  }, 180_000);
});
