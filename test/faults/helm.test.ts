// What helmdeck promises when helm itself goes wrong, with the real helm v4
// against kubesim: a release left pending-upgrade by a killed helm is
// detected and explained by preflight with a recovery that works when
// followed; a rollback to a revision whose objects the cluster no longer
// serves shows helm's error verbatim plus guidance; --rollback-on-failure that
// runs out of time shows both of helm's errors and leaves nothing pending; a
// concurrent upgrade by another client meets helm's lock message once, with
// no retry; a missing, broken or too old helm is refused in one line before
// anything runs.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmFailureLines } from '../../src/engine/helm-run.js';
import { upgradeArgv } from '../../src/helm/actions/helm-argv.js';
import { runHelm } from '../../src/helm/actions/run-helm.js';
import { RT } from '../../src/sim/api/resources.js';
import { helmBin, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { helmdeck, helmHistory, journalFiles, journalPathOf, readJournalStrict, releaseSecrets, shopChart, STACK } from './helpers.js';

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

async function install(ns: string, sets: string[] = [], wait = true): Promise<void> {
  await c.helm(['install', 'shop', shopChart, '-n', ns, '--create-namespace', ...sets.flatMap((s) => ['--set', s]), ...(wait ? ['--wait', '--timeout', '60s'] : [])]);
}

function runbook(name: string, body: string[]): string {
  const file = join(c.home, name);
  writeFileSync(file, body.join('\n') + '\n');
  return file;
}

const pending = (ns: string) => releaseSecrets(c, 'shop', ns).find((s) => s.metadata.labels?.status?.startsWith('pending-'));

/** Starts a real helm upgrade that never finishes by itself (a pod that never turns ready) and waits until it holds the lock. */
async function lockingUpgrade(ns: string) {
  const argv = upgradeArgv({ release: 'shop', chart: shopChart, namespace: ns, values: [], set: { readyAfter: 'never', 'migration.enabled': 'false', 'image.tag': 'other-client' }, flags: ['--reuse-values', '--wait', '--timeout', '120s'], kubeconfig: c.sim.kubeconfigPath });
  const run = runHelm(helmBin, argv, { env: c.env });
  await waitFor(() => pending(ns), 30_000, 'helm to mark the upgrade pending');
  // Wrapped: an async function would otherwise wait for the run itself.
  return { run };
}

/** Decodes a helm release Secret's payload, lets `edit` change it, and stores it back in kubesim. */
function editRelease(ns: string, revision: number, edit: (rel: any) => void): void {
  const name = `sh.helm.release.v1.shop.v${revision}`;
  const secret = c.sim.ctx.store.get(RT.secrets, ns, name)!;
  const inner = Buffer.from(Buffer.from(secret.data.release, 'base64').toString('utf8'), 'base64');
  const rel = JSON.parse(gunzipSync(inner).toString('utf8'));
  edit(rel);
  const encoded = Buffer.from(gzipSync(Buffer.from(JSON.stringify(rel))).toString('base64')).toString('base64');
  c.sim.ctx.store.update(RT.secrets, { ...secret, data: { ...secret.data, release: encoded } });
}

describe('helm failures, explained', () => {
  it('a release left pending-upgrade by a killed helm: preflight explains it, upgrade refuses, and the guided recovery works', async () => {
    const ns = 'stuck';
    await install(ns);
    const { run: crashed } = await lockingUpgrade(ns);
    // Only a test may do this: it stands for a laptop that lost power mid-upgrade.
    process.kill(crashed.pid!, 'SIGKILL');
    expect((await crashed).signal).toBe('SIGKILL');
    expect((await helmHistory(c, 'shop', ns)).map((h) => h.status)).toEqual(['deployed', 'pending-upgrade']);

    const text = await helmdeck(c, ['preflight', 'shop', shopChart, '-n', ns]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^✗ preflight\.1\.release-settled {2}revision 2 is stuck in pending-upgrade: a helm upgrade started since \S+ \(.+ ago\) never finished; further upgrades are refused until it is resolved$/m);
    expect(text.out).toMatch(/^preflight failed: .*preflight\.1\.release-settled/m);
    expect(text.err).toBe('');

    const json = await helmdeck(c, ['preflight', 'shop', shopChart, '-n', ns, '--json']);
    const settled = JSON.parse(json.out).steps[0];
    expect(settled).toMatchObject({ id: 'preflight.1.release-settled', status: 'fail' });
    expect(settled.evidence).toContain('no helm process for "shop" runs on this machine; one started elsewhere (CI, a colleague) with a long --timeout could still be running — check before recovering');
    expect(settled.evidence).toContain(`recovery, once no helm runs for it anywhere: helm rollback shop 1 -n ${ns}   (revision 1 is the last deployed)`);
    expect(settled.evidence).toContain('helmdeck never deletes release Secrets; the stuck revision is Secret sh.helm.release.v1.shop.v2');

    const up = await helmdeck(c, ['upgrade', 'shop', shopChart, '-n', ns, '--set', 'image.tag=1.2.0', '--observe', '2s', '--headless', '--yes']);
    expect(up.code).toBe(1);
    expect(up.out).toMatch(/^upgrade not started: gate\(s\) failed: .*preflight\.1\.release-settled/m);
    expect(up.out).not.toMatch(/^\$ helm upgrade/m);
    expect((await helmHistory(c, 'shop', ns)).map((h) => h.status)).toEqual(['deployed', 'pending-upgrade']);
    expect(c.sim.ctx.store.get(RT.secrets, ns, 'sh.helm.release.v1.shop.v2')).toBeDefined();

    // Follow the guidance to the letter.
    const recovery = /helm rollback shop 1 -n \S+/.exec(settled.evidence.join('\n'))![0];
    await c.helm([...recovery.split(' ').slice(1), '--wait', '--timeout', '60s']);
    const after = JSON.parse((await helmdeck(c, ['preflight', 'shop', shopChart, '-n', ns, '--json'])).out).steps[0];
    expect(after).toMatchObject({ id: 'preflight.1.release-settled', status: 'pass' });
  }, 120_000);

  it('a rollback to a revision whose objects the cluster no longer serves: helm\'s error verbatim, then guidance', async () => {
    const ns = 'gone-api';
    await install(ns);
    await c.helm(['upgrade', 'shop', shopChart, '-n', ns, '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
    // Revision 1 also made a Widget, whose CRD has been deleted since.
    editRelease(ns, 1, (rel) => {
      rel.manifest += '\n---\n# Source: shop/templates/widget.yaml\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: shop-widget\n';
    });

    const r = await helmdeck(c, ['rollback', 'shop', '1', '-n', ns, '--observe', '2s', '--headless', '--yes']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^\\$ helm rollback shop 1 --wait --timeout 300s --namespace ${ns} `, 'm'));
    const verbatim = 'Error: unable to build kubernetes objects from new release manifest: resource mapping not found for name: "shop-widget" namespace: "" from "": no matches for kind "Widget" in version "example.com/v1"';
    expect(r.out).toContain(`  helm| ${verbatim}`);
    expect(r.out).toContain('  helm| ensure CRDs are installed first');
    // helm's own last error line, not just its exit status.
    expect(r.out).toMatch(/^✗ rollback failed: \S.*$/m);
    expect(r.out).not.toMatch(/^✗ rollback failed: helm exited/m);
    expect(r.err).not.toMatch(STACK);

    const entries = readJournalStrict(journalPathOf(r.out));
    const cmd = entries.find((e) => e.type === 'command');
    expect(cmd.exitCode).toBe(1);
    expect(cmd.outputTail).toContain(verbatim);
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'rollback', status: 'failed', toRevision: 1 });
    const guidance = helmFailureLines({ exitCode: cmd.exitCode, signal: undefined, durationMs: 0, stdout: '', stderr: cmd.outputTail.join('\n'), interrupted: false }, { release: 'shop', namespace: ns, lastGoodRevision: 2 });
    expect(guidance).toEqual([
      '  why: the target revision of shop uses an API this cluster does not serve (kind Widget in example.com/v1): a CRD removed since, or an apiVersion the cluster retired',
      '  next: install that CRD or API first, or choose a revision that does not use it; helm may have recorded this attempt as pending — run helmdeck preflight (release-settled) before the next try',
    ]);
    // Helm did record the attempt as pending-rollback: the next preflight says so.
    const pf = JSON.parse((await helmdeck(c, ['preflight', 'shop', shopChart, '-n', ns, '--json'])).out).steps[0];
    expect(pf).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^revision 3 is stuck in pending-rollback/) });
  }, 120_000);

  it('--rollback-on-failure that runs out of time: both errors shown, nothing left pending, exit non-zero', async () => {
    const ns = 'rof';
    await install(ns, ['readyAfter=never'], false);
    const rb = runbook('rof.yaml', ['release: shop', `namespace: ${ns}`, `chart: ${shopChart}`, 'preflight:', '  - check: release-settled', 'upgrade:', '  flags: [--rollback-on-failure, --timeout, 3s]']);
    const r = await helmdeck(c, ['upgrade', 'shop', '--runbook', rb, '--set', 'readyAfter=never', '--set', 'image.tag=2.0.0', '--set', 'migration.enabled=false', '--observe', '2s', '--headless', '--yes']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/--rollback-on-failure --timeout 3s/);
    // The upgrade's error, then the automatic rollback's, as helm prints them.
    expect(r.out).toMatch(/^ {2}helm\| Error: UPGRADE FAILED: an error occurred while rolling back the release\. original upgrade error: .*not ready/m);
    expect(r.out).toMatch(/context deadline exceeded: release shop failed: .*not ready/);
    expect(r.out).toMatch(/^✗ upgrade failed: .*\(release at revision [23], failed\)$/m);
    const h = await helmHistory(c, 'shop', ns);
    expect(h.map((x) => x.status)).toEqual(['deployed', 'failed', 'failed']);
    expect(pending(ns)).toBeUndefined();
    const entries = readJournalStrict(journalPathOf(r.out));
    // The upgrade's own revision; the rollback helm attempted by itself is the one after it.
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'failed', revision: 2 });
    const cmd = entries.find((e) => e.type === 'command');
    const why = helmFailureLines({ exitCode: 1, signal: undefined, durationMs: 0, stdout: '', stderr: cmd.outputTail.join('\n'), interrupted: false }, { release: 'shop', lastGoodRevision: 1 });
    expect(why[0]).toBe('  why: the upgrade failed and helm\'s automatic rollback failed too: shop may be half-upgraded');
    expect(why[1]).toContain('helm rollback shop 1 by hand');
  }, 120_000);

  it('a concurrent upgrade by another client: preflight names its helm, and past the gate helm\'s lock message comes once, no retry', async () => {
    const ns = 'lock';
    await install(ns);
    const { run: other } = await lockingUpgrade(ns);
    try {
      const gated = await helmdeck(c, ['upgrade', 'shop', shopChart, '-n', ns, '--set', 'image.tag=1.5.0', '--observe', '2s', '--headless', '--yes']);
      expect(gated.code).toBe(1);
      expect(gated.out).not.toMatch(/^\$ helm upgrade/m);
      const settled = JSON.parse((await helmdeck(c, ['preflight', 'shop', shopChart, '-n', ns, '--json'])).out).steps[0];
      expect(settled.evidence[0]).toMatch(new RegExp(`^a helm process is still running here: pid ${other.pid}: \\S*helm upgrade shop .* — wait for it or stop it with SIGTERM \\(never SIGKILL\\)$`));

      // The other client took the lock between our preflight and our helm: helm refuses, helmdeck does not retry.
      const rb = runbook('lock.yaml', ['release: shop', `namespace: ${ns}`, `chart: ${shopChart}`, 'preflight:', '  - check: release-settled', '    id: settled']);
      const t0 = Date.now();
      const r = await helmdeck(c, ['upgrade', 'shop', '--runbook', rb, '--set', 'image.tag=1.5.0', '--override', 'settled=racing another client on purpose', '--observe', '2s', '--headless', '--yes']);
      expect(r.code).toBe(1);
      expect(r.out.match(/^\$ helm upgrade /gm)).toHaveLength(1);
      // helm ran once and said so once; helmdeck's own summary line may quote it.
      expect(r.out.match(/^ {2}helm\| .*another operation \(install\/upgrade\/rollback\) is in progress/gm)).toEqual(['  helm| Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress']);
      expect(r.out).toMatch(/^✗ upgrade failed: /m);
      expect(Date.now() - t0).toBeLessThan(30_000);
      const entries = readJournalStrict(journalPathOf(r.out));
      expect(entries.filter((e) => e.type === 'command')).toHaveLength(1);
      expect(entries.find((e) => e.type === 'override')).toMatchObject({ stepId: 'settled', reason: 'racing another client on purpose' });
      expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'failed' });
      // The other client's upgrade is untouched: still the newest revision, still holding the lock.
      const h = await helmHistory(c, 'shop', ns);
      expect(h.map((x) => x.status)).toEqual(['deployed', 'pending-upgrade']);
      const why = helmFailureLines({ exitCode: 1, signal: undefined, durationMs: 0, stdout: '', stderr: entries.find((e) => e.type === 'command').outputTail.join('\n'), interrupted: false }, { release: 'shop', lastGoodRevision: 1 });
      expect(why[0]).toMatch(/locked in a pending-\* state: another helm is running/);
    } finally {
      other.interrupt();
      expect((await other).exitCode).not.toBe(0);
    }
    expect((await helmHistory(c, 'shop', ns)).at(-1)?.status).toBe('failed');
  }, 120_000);

  describe('a missing, broken or too old helm is refused in one line before anything runs', () => {
    const fakes = () => {
      const dir = join(c.home, 'fake-helms');
      mkdirSync(dir, { recursive: true });
      const make = (name: string, body: string) => {
        const p = join(dir, name);
        writeFileSync(p, body);
        chmodSync(p, 0o755);
        return p;
      };
      return {
        v2: make('helm2', '#!/bin/sh\nif [ "$2" = "--short" ]; then echo "Client: v2.17.0+ga690bad"; else echo "Error: cannot connect to Tiller" >&2; exit 1; fi\n'),
        broken: make('helm-truncated', 'ELF\u0001 half a download\n'),
      };
    };

    it.each([
      ['--helm naming nothing', () => ({ args: ['--helm', join(c.home, 'no', 'helm')], env: {}, line: `helmdeck: helm not found at ${join(c.home, 'no', 'helm')} (given by --helm): no executable file there` })],
      ['HELMDECK_HELM naming nothing', () => ({ args: [], env: { HELMDECK_HELM: '/nonexistent/helm' }, line: 'helmdeck: helm not found at /nonexistent/helm (given by HELMDECK_HELM): no executable file there' })],
      ['a Helm 2 binary', (f: ReturnType<typeof fakes>) => ({ args: ['--helm', f.v2], env: {}, line: `helmdeck: helm at ${f.v2} is v2.17.0+ga690bad: helmdeck needs Helm v3.x or v4 (pass --helm PATH or set HELMDECK_HELM to a newer one)` })],
      ['a binary that does not run', (f: ReturnType<typeof fakes>) => ({ args: ['--helm', f.broken], env: {}, line: new RegExp(`^helmdeck: helm at ${f.broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not work: "helm version" exited 127: .+$`) })],
    ])('%s', async (_name, setup) => {
      const ns = 'nohelm';
      await install(ns).catch(() => undefined);
      const { args, env, line } = setup(fakes());
      const before = journalFiles(c).length;
      for (const cmd of [['preflight', 'shop', shopChart, '-n', ns], ['upgrade', 'shop', shopChart, '-n', ns, '--set', 'image.tag=9.9.9', '--headless', '--yes'], ['rollback', 'shop', '-n', ns, '--headless', '--yes']]) {
        const r = await helmdeck(c, [...cmd, ...args], { env });
        expect(r.code, `${cmd[0]}: ${r.err}`).toBe(2);
        expect(r.out).toBe('');
        const lines = r.err.split('\n');
        expect(lines).toHaveLength(1);
        if (typeof line === 'string') expect(lines[0]).toBe(line);
        else expect(lines[0]).toMatch(line);
      }
      // Nothing ran: no journal, no new revision.
      expect(journalFiles(c).length).toBe(before);
      expect((await helmHistory(c, 'shop', ns)).length).toBe(1);
    });
  });
});
