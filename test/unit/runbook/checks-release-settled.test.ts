// release-settled's verdicts over real helm release Secrets (decoded by the
// store), and the /proc scan that says whether a helm could still be running.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findHelmProcesses, judgeRelease, run } from '../../../src/runbook/checks/release-settled.js';
import { createDeckStore, releaseRevisions } from '../../../src/store/index.js';
import { feed, manifestOf, shopSecret } from '../store/world.js';

const REV = { chartVersion: '1.7.0', appVersion: '2.4.0', manifest: manifestOf([{ kind: 'Deployment', name: 'web' }]) };
// Revision N was written at 20:00 + N hours (world.ts).
const at = (rev: number, plusMs = 0) => Date.parse('2026-11-21T20:00:00Z') + rev * 3_600_000 + plusMs;

function history(...statuses: string[]) {
  const store = createDeckStore({ connection: { namespace: 'shop' } });
  feed(store, 'helm-secrets', statuses.map((st, i) => shopSecret(i + 1, st, REV)));
  return { store, revs: releaseRevisions(store.getState(), 'shop', 'shop') };
}

describe('judgeRelease', () => {
  it('passes when the latest revision is deployed', () => {
    const { revs } = history('superseded', 'deployed');
    const r = judgeRelease('shop', 'shop', revs, { now: at(2, 60_000), listed: true });
    expect(r).toEqual({
      status: 'pass',
      summary: 'revision 2 deployed (web-1.7.0, app 2.4.0), nothing pending',
      evidence: [
        'revision 2: deployed web-1.7.0 2026-11-21T22:00:00.000Z Upgrade complete',
        'revision 1: superseded web-1.7.0 2026-11-21T21:00:00.000Z Install complete',
      ],
    });
  });

  it('explains a stuck pending-upgrade: the operation, since when, no helm here, and the rollback to the last deployed', () => {
    const { revs } = history('superseded', 'deployed', 'pending-upgrade');
    const r = judgeRelease('shop', 'shop', revs, { now: at(3, 12 * 60_000), listed: true, helmProcesses: [] });
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('revision 3 is stuck in pending-upgrade: a helm upgrade started since 2026-11-21T23:00:00.000Z (12 min ago) never finished; further upgrades are refused until it is resolved');
    expect(r.evidence.slice(0, 3)).toEqual([
      'no helm process for "shop" runs on this machine; one started elsewhere (CI, a colleague) with a long --timeout could still be running — check before recovering',
      'recovery, once no helm runs for it anywhere: helm rollback shop 2 -n shop   (revision 2 is the last deployed)',
      'helmdeck never deletes release Secrets; the stuck revision is Secret sh.helm.release.v1.shop.v3',
    ]);
  });

  it('names a helm process that is still running instead of suggesting recovery blindly', () => {
    const { revs } = history('deployed', 'pending-rollback');
    const r = judgeRelease('shop', 'shop', revs, { now: at(2, 5_000), listed: true, helmProcesses: [{ pid: 4242, argv: ['helm', 'rollback', 'shop', '1'] }] });
    expect(r.summary).toMatch(/^revision 2 is stuck in pending-rollback: a helm rollback started since .* \(5 s ago\)/);
    expect(r.evidence[0]).toBe('a helm process is still running here: pid 4242: helm rollback shop 1 — wait for it or stop it with SIGTERM (never SIGKILL)');
  });

  it('offers uninstall, not rollback, for a pending-install with nothing ever deployed', () => {
    const { revs } = history('pending-install');
    const r = judgeRelease('shop', 'shop', revs, { now: at(1), listed: true, helmProcesses: [] });
    expect(r.status).toBe('fail');
    expect(r.evidence[1]).toBe('recovery: no revision was ever deployed; once no helm runs for it, helm uninstall shop -n shop and install again');
  });

  it('fails a failed latest revision and points at the last deployed one', () => {
    const { revs } = history('deployed', 'failed');
    const r = judgeRelease('shop', 'shop', revs, { now: at(2), listed: true });
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('the latest revision 2 is failed, not deployed (Upgrade complete); the cluster should still run revision 1 plus whatever the failed operation applied');
    expect(r.evidence[0]).toBe('to return to the last good state: helm rollback shop 1 -n shop   (revision 1 is the last deployed)');
  });

  it('fails a release that does not exist, and says so differently before the history is listed', () => {
    expect(judgeRelease('shop', 'shop', [], { now: 0, listed: true }).summary).toBe(
      'release "shop" not found in namespace "shop": helmdeck upgrades an existing release — install it first with helm install',
    );
    expect(judgeRelease('shop', 'shop', [], { now: 0, listed: false }).summary).toMatch(/not known: the release storage watch has not listed yet/);
  });

  it('runs over the store (history synced by the watch)', async () => {
    const { store } = history('deployed');
    const ctx = { release: 'shop', namespace: 'shop', store, conn: { configFiles: [] }, now: () => at(1) } as never;
    expect((await run({ id: 'x', title: 'x', required: true, kind: 'release-settled' }, ctx)).status).toBe('pass');
  });
});

describe('findHelmProcesses', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  function proc(pid: number, argv: string[], environ: string[] = []) {
    mkdirSync(join(dir!, String(pid)));
    writeFileSync(join(dir!, String(pid), 'cmdline'), `${argv.join('\0')}\0`);
    writeFileSync(join(dir!, String(pid), 'environ'), environ.map((e) => `${e}\0`).join(''));
  }

  it('finds helm processes for the release in its namespace and kubeconfig, with --set values masked', () => {
    dir = mkdtempSync(join(tmpdir(), 'helmdeck-proc-'));
    mkdirSync(join(dir, 'self'));
    proc(101, ['/usr/local/bin/helm', 'upgrade', 'shop', './chart', '-n', 'shop', '--set', 'db.password=hunter2', '--set=token=abc', '--wait']);
    proc(102, ['helm', 'upgrade', 'shop', './chart', '-n', 'other']);
    proc(103, ['helm', 'list', '-A']);
    proc(104, ['kubectl', 'get', 'pods', '-n', 'shop', 'shop']);
    proc(105, ['helm', 'upgrade', 'shop', './chart', '--kubeconfig', '/other/config']);
    proc(106, ['helm', 'status', 'shop', '--namespace=shop'], ['HOME=/root', 'KUBECONFIG=/other/a:/mine/config']);
    proc(107, ['helm', 'history', 'shop'], ['KUBECONFIG=/somewhere/else']);
    const found = findHelmProcesses({ release: 'shop', namespace: 'shop', kubeconfigs: ['/mine/config'] }, dir);
    expect(found.sort((a, b) => a.pid - b.pid)).toEqual([
      { pid: 101, argv: ['/usr/local/bin/helm', 'upgrade', 'shop', './chart', '-n', 'shop', '--set', 'db.password=***', '--set=token=***', '--wait'] },
      { pid: 106, argv: ['helm', 'status', 'shop', '--namespace=shop'] },
    ]);
  });

  it('returns nothing where there is no /proc', () => {
    expect(findHelmProcesses({ release: 'shop', namespace: 'shop', kubeconfigs: [] }, '/nonexistent/proc')).toEqual([]);
  });
});
