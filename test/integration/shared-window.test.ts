// Shared windows, with two and three helmdeck processes against kubesim and
// the real helm: the window's Lease refuses a second driver by name, expires
// when its holder is killed, and is taken over only with a reason journaled
// on both sides; the mirror lets `follow` show the running window and
// `report --release` render the record the local journal renders, and it
// never holds a secret.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { spawnHelmdeck } from '../helpers/terminal.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
const chart = join(chartsDir, 'shop');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
}, 60_000);
afterAll(async () => {
  await c?.stop();
});

function env(who: string): Record<string, string> {
  return { ...c.env, USER: who, XDG_STATE_HOME: join(c.home, `.state-${who}`) };
}

function start(who: string, args: string[]): ResultPromise<{ reject: false; all: true; timeout: number }> {
  return execa(bin, [...args, '--kubeconfig', c.sim.kubeconfigPath], { reject: false, all: true, timeout: 180_000, env: env(who) }) as never;
}

async function helmdeck(who: string, args: string[]) {
  const r = await start(who, args);
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

async function install(ns: string) {
  await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false', '--wait', '--timeout', '60s']);
}

function config(name: string, body: string): string {
  const file = join(c.home, name);
  writeFileSync(file, body);
  return file;
}

const lease = (ns: string) => c.sim.ctx.store.list(RT.leases, ns).find((l) => l.metadata.name === 'helmdeck-window-shop');
const holderOf = (ns: string): string | undefined => lease(ns)?.spec?.holderIdentity;
const mirrors = (ns: string) => c.sim.ctx.store.list(RT.configmaps, ns).filter((m) => m.metadata.labels?.['app.kubernetes.io/managed-by'] === 'helmdeck');
const journalPath = (out: string) => /^journal: (\S+)$/m.exec(out)![1]!;

describe('one driver per release', () => {
  it('refuses a second window naming the holder, mirrors the first for follow, and report --release equals the local record', { timeout: 240_000 }, async () => {
    const ns = 'shared';
    await install(ns);
    // A secret the mirror must never hold: in a Secret of the namespace and in a --set value.
    await c.kubectl(['create', 'secret', 'generic', 'db-creds', '-n', ns, '--from-literal=password=hunter2-planted']);
    const first = start('alice', ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--observe', '20s', '--set', 'image.tag=1.1.0', '--set', 'db.password=s3cr3t-planted', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false']);
    await waitFor(() => holderOf(ns)?.startsWith('alice@'), 30_000, 'alice holding the window lease');
    expect((await c.kubectl(['get', 'lease', '-n', ns])).stdout).toMatch(/helmdeck-window-shop\s+alice@/);

    // A teammate follows: the checklist, who drives, and the observation counting down.
    const screen = spawnHelmdeck(['follow', 'shop', '-n', ns], { cols: 160, rows: 48, env: { ...env('carol'), KUBECONFIG: c.sim.kubeconfigPath } });
    try {
      await screen.waitFor(/driven by alice@\S+ since/, 30_000);
      // Within a second of the driver's phase changing, the follower shows it (the margin is the test's own polling).
      await waitFor(() => lease(ns)?.metadata.annotations?.['helmdeck.io/phase'] === 'verifying', 60_000, 'alice verifying');
      await screen.waitFor(/driven by alice@\S+ since \S+ UTC · verifying/, 1200);
      await screen.waitFor(/verify\.observe\s+.*observing · 0:\d\d left/, 10_000);
      const left = (t: string) => Number(/observing · 0:(\d\d) left/.exec(t)?.[1] ?? -1);
      const before = left(screen.text());
      // Live, not a copy taken once: the countdown moves on the follower's screen.
      await screen.waitFor((t) => left(t) >= 0 && left(t) < before, 10_000);
      expect(screen.text()).toMatch(/\$ helm upgrade shop/);
      expect(screen.text()).not.toMatch(/s3cr3t-planted|hunter2-planted/);

      // A third process, watching the release, names the driver and the phase in its status bar.
      const watcher = spawnHelmdeck(['watch', 'shop', '-n', ns], { cols: 160, rows: 48, env: { ...env('dave'), KUBECONFIG: c.sim.kubeconfigPath } });
      try {
        await watcher.waitFor(/window driven by alice@\S+ \(verifying\) since \d\d:\d\d UTC/, 20_000);
      } finally {
        watcher.write('q');
        await Promise.race([watcher.exited, new Promise((res) => setTimeout(res, 10_000))]);
      }

      // A second operator is refused before any step runs, and told who holds the window.
      const second = await helmdeck('bob', ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--set', 'image.tag=1.2.0']);
      expect(second.code, second.out + second.err).toBe(1);
      expect(second.err).toMatch(/the window on shop in shared is held by alice@\S+ since \d\d:\d\d:\d\d UTC \(phase \w+\); pass --take-over REASON/);
      expect(second.out).not.toMatch(/preflight|✓ /);
      const refused = readFileSync(journalPath(second.out), 'utf8');
      expect(refused).toMatch(/"not started: the window on shop in shared is held by alice@/);

      // In the cockpit, the refused operator gets the holder's window, read-only, and is told why.
      const cockpit = spawnHelmdeck(['upgrade', 'shop', chart, '-n', ns, '--set', 'image.tag=1.2.0'], { cols: 160, rows: 48, env: { ...env('erin'), KUBECONFIG: c.sim.kubeconfigPath } });
      try {
        await cockpit.waitFor(/held by alice@/, 30_000);
        await cockpit.waitFor(/driven by alice@\S+ since/, 15_000);
        // Read-only: the key bar offers neither upgrade nor rollback.
        const keyBar = cockpit.lines().at(-1)!;
        expect(keyBar).toMatch(/q quit/);
        expect(keyBar).not.toMatch(/U upgrade|R rollback/);
      } finally {
        cockpit.write('q');
        await Promise.race([cockpit.exited, new Promise((res) => setTimeout(res, 10_000))]);
      }

      const r = await first;
      expect(r.exitCode, String(r.all)).toBe(0);
      // After the window: the follower shows how it ended.
      await screen.waitFor(/ended \(completed\)/, 15_000);
    } finally {
      screen.write('q');
      await Promise.race([screen.exited, new Promise((res) => setTimeout(res, 10_000))]);
    }
    // The Lease is given up, and stays to show that it was.
    expect(holderOf(ns)).toBeUndefined();
    expect(lease(ns)?.metadata.annotations?.['helmdeck.io/phase']).toBe('ended: completed');

    const cms = mirrors(ns);
    expect(cms.length).toBeGreaterThan(0);
    for (const cm of cms) {
      const text = JSON.stringify(cm);
      expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
      expect(text).not.toMatch(/s3cr3t-planted|hunter2-planted/);
    }
    const local = await helmdeck('alice', ['report', journalPath(String((await first).stdout))]);
    const remote = await helmdeck('carol', ['report', '--release', 'shop', '-n', ns]);
    expect(remote.code, remote.err).toBe(0);
    expect(remote.out).toBe(local.out);
    expect(remote.out).toMatch(/upgrade succeeded/);
  });
});

describe('a window whose driver vanished, and a take-over', () => {
  it('after SIGKILL the Lease expires after its duration and the next window takes it without --take-over', { timeout: 240_000 }, async () => {
    const ns = 'killed';
    await install(ns);
    const cfg = config('short-lease.yaml', 'share:\n  leaseSeconds: 4\n');
    const first = start('alice', ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--observe', '60s', '--config', cfg, '--set', 'image.tag=1.1.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false']);
    await waitFor(() => holderOf(ns)?.startsWith('alice@'), 30_000, 'alice holding the window lease');
    first.kill('SIGKILL');
    await first;
    const killedAt = Date.now();
    // Still held right after: a renewal was due at most a third of the duration ago.
    const bobUpgrade = ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--observe', '3s', '--config', cfg, '--set', 'image.tag=1.2.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false'];
    const early = await helmdeck('bob', bobUpgrade);
    if (Date.now() - killedAt < 3000) {
      expect(early.code).toBe(1);
      expect(early.err).toMatch(/held by alice@/);
    }
    // A follower sees the window stop moving, and why.
    const screen = spawnHelmdeck(['follow', 'shop', '-n', ns], { cols: 160, rows: 48, env: { ...env('carol'), KUBECONFIG: c.sim.kubeconfigPath } });
    try {
      // Killed before or after its first mirrored state: either way the follower says the driver is gone.
      // (The pane wraps or cuts the rest of the line, the time it names included.)
      await screen.waitFor(/driver gone: its lease was not/, 20_000);
    } finally {
      screen.write('q');
      await Promise.race([screen.exited, new Promise((res) => setTimeout(res, 10_000))]);
    }
    await waitFor(() => {
      const l = lease(ns);
      return l && Date.now() > Date.parse(l.spec.renewTime) + 4000 + 500;
    }, 20_000, 'the lease to expire');
    const next = await helmdeck('bob', bobUpgrade);
    expect(next.code, next.out + next.err).toBe(0);
    expect(readFileSync(journalPath(next.out), 'utf8')).toMatch(/took the window lease of shop from alice@\S+ since .*: it had expired/);
  });

  it('--take-over REASON takes a live window; the reason is journaled on both sides and the former driver runs nothing more', { timeout: 240_000 }, async () => {
    const ns = 'takeover';
    await install(ns);
    const first = start('alice', ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--observe', '90s', '--set', 'image.tag=1.1.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false']);
    await waitFor(() => lease(ns)?.metadata.annotations?.['helmdeck.io/phase'] === 'verifying', 60_000, 'alice verifying');
    const second = await helmdeck('bob', ['rollback', 'shop', '-n', ns, '--headless', '--yes', '--observe', '5s', '--take-over', 'alice lost her connection']);
    expect(second.code, second.out + second.err).toBe(0);
    expect(second.out).toMatch(/took over the window on shop from alice@\S+ .*: alice lost her connection/);
    expect(readFileSync(journalPath(second.out), 'utf8')).toMatch(/took over the window on shop from alice@\S+ .*: alice lost her connection/);
    const r = await first;
    expect(r.exitCode, String(r.all)).toBe(1);
    expect(String(r.stdout)).toMatch(/the window on shop was taken over by bob@\S+: alice lost her connection — this window runs nothing more/);
    const journal = readFileSync(journalPath(String(r.stdout)), 'utf8');
    expect(journal).toMatch(/taken over by bob@\S+: alice lost her connection/);
    expect(journal).toMatch(/"window-end","reason":"taken over by another operator"/);
  });
});

describe('sharing off', () => {
  it('--no-share takes no Lease and mirrors nothing', { timeout: 120_000 }, async () => {
    const ns = 'private';
    await install(ns);
    const r = await helmdeck('alice', ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--no-share', '--observe', '2s', '--set', 'image.tag=1.1.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(lease(ns)).toBeUndefined();
    expect(mirrors(ns)).toEqual([]);
    const none = await helmdeck('carol', ['report', '--release', 'shop', '-n', ns]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no window of shop is kept in namespace private/);
  });
});

describe('a cluster that will not give the lease', () => {
  it('refuses to start, before any step, saying why and how to run without one', { timeout: 120_000 }, async () => {
    const ns = 'nolease';
    await install(ns);
    c.sim.faults.apply('forbid=leases.coordination.k8s.io');
    try {
      const r = await helmdeck('alice', ['upgrade', 'shop', chart, '-n', ns, '--headless', '--yes', '--observe', '2s', '--set', 'image.tag=1.1.0']);
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.err).toMatch(/the window lease of shop in nolease could not be taken: .*forbidden.* — --no-share \(or share\.enabled: false\) runs the window without one/);
      expect(r.out).not.toMatch(/preflight/);
      expect(JSON.parse((await c.helm(['history', 'shop', '-n', ns, '-o', 'json'])).stdout)).toHaveLength(1);
    } finally {
      c.sim.faults.apply('allow=leases.coordination.k8s.io');
    }
  });
});

describe('bounds', () => {
  it('a 200-step window stays under the object limit, and only share.keepWindows windows are kept', { timeout: 240_000 }, async () => {
    const ns = 'bounded';
    await install(ns);
    const steps = Array.from({ length: 200 }, (_, i) => `  - manual: "Step ${i} of the vendor runbook (step-${i}), acknowledged with its evidence"`).join('\n');
    const rb = config('long.yaml', `release: shop\nnamespace: ${ns}\nchart: ${chart}\nset: { hpa.enabled: "false", migration.enabled: "false" }\nupgrade:\n  observe: 3s\npreflight:\n${steps}\n`);
    const cfg = config('keep-two.yaml', 'share:\n  keepWindows: 2\n');
    for (let i = 0; i < 3; i++) {
      const r = await helmdeck('alice', ['upgrade', '--runbook', rb, '--headless', '--yes', '--ack', 'all', '--config', cfg]);
      expect(r.code, r.out + r.err).toBe(0);
    }
    const windows = new Set(mirrors(ns).map((m) => m.metadata.labels?.['helmdeck.io/window']));
    expect(windows.size).toBe(2);
    for (const cm of mirrors(ns)) expect(Buffer.byteLength(JSON.stringify(cm))).toBeLessThan(1024 * 1024);
    const remote = await helmdeck('carol', ['report', '--release', 'shop', '-n', ns]);
    expect(remote.out).toMatch(/step-199\)/);
  });
});
