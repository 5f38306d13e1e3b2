// The maintenance window as the operator runs it: the real bin/helmdeck in a
// pseudo-terminal read by a real terminal emulator, against kubesim with the
// real helm. Each case drives keys and asserts on the screen, the cluster and
// the journal.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartsDir, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { startPostgres } from '../helpers/postgres.js';
import { waitFor } from '../helpers/sim-context.js';
import { closeAndQuit, press, spawnHelmdeck, type Screen } from '../helpers/terminal.js';

const chart = join(chartsDir, 'shop');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

const env = () => ({ KUBECONFIG: c.sim.kubeconfigPath, HOME: c.home, XDG_CONFIG_HOME: join(c.home, '.config'), XDG_STATE_HOME: join(c.home, '.state') });

function helmdeck(args: string[]): Screen {
  return spawnHelmdeck(args, { cols: 160, rows: 48, env: env() });
}

/** Closes any prompt and quits; expects a clean exit with the terminal restored. */
async function quit(screen: Screen): Promise<void> {
  expect(await closeAndQuit(screen)).toBe(0);
  expect(screen.alternate()).toBe(false);
}

async function install(ns: string, set: string[] = []): Promise<void> {
  await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '--wait', '--timeout', '60s', '--set', 'hpa.enabled=false', ...set.flatMap((s) => ['--set', s])]);
}

async function history(ns: string): Promise<{ revision: number; status: string; description: string }[]> {
  return JSON.parse((await c.helm(['history', 'shop', '-n', ns, '-o', 'json'])).stdout);
}

async function webImage(ns: string): Promise<string> {
  return (await c.kubectl(['get', 'deploy', 'shop-web', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout;
}

function runbook(name: string, body: string): string {
  const file = join(c.home, name);
  writeFileSync(file, body);
  return file;
}

/** The journal entries of the one journal in `dir`. */
function journal(dir: string): Record<string, any>[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  expect(files).toHaveLength(1);
  const path = join(dir, files[0]!);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

/** The screen with lines that a prompt wrapped at its border joined again (a long chart path wraps the command). */
function unwrapped(screen: Screen): string {
  // Lines break at spaces: the padding before the border and the break itself read as one space.
  return screen.text().replace(/ *│\n│ */g, ' ');
}

// The 160×48 grid puts the Checklist at the bottom left; these helpers name its rows.
const row = (screen: Screen, id: string) => screen.lines().find((l) => l.startsWith(`│${id} `)) ?? '';

describe('the upgrade window in the cockpit', () => {
  let pg: { port: number; stop(): Promise<void> };
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('walks the whole window: checks, a backup, a manual step acknowledged, the upgrade shown then run, the rollout, verify, the journal', { timeout: 120_000 }, async () => {
    const ns = 'walk';
    await install(ns);
    const jdir = join(c.home, 'j-walk');
    const backups = join(c.home, 'backups');
    const rb = runbook('walk.yaml', `release: shop
namespace: ${ns}
chart: ${chart}
set:
  image.tag: "1.1.0"
preflight:
  - check: release-settled
  - manual: Announce the window in the ops channel
    id: announce
  - check: pods-healthy
  - run: Back up the shop database
    id: backup
    command: [pg_dump, -h, 127.0.0.1, -p, "${pg.port}", -U, postgres, -d, shop]
    save: ${backups}/shop-r{revision}.sql
  - check: diff
verify:
  - check: rollout-complete
  - logs:
      selector: app.kubernetes.io/name=web
      match: version 1\\.1\\.0
      within: 30s
rollback:
  migrations: forward-only
`);
    const screen = helmdeck(['upgrade', '--observe', '3s', 'shop', '--runbook', rb, '--journal', jdir]);
    try {
      await screen.waitFor(/blocked: 1 manual step\(s\) not acknowledged: announce/, 30_000);
      expect(row(screen, 'preflight.1.release-settled')).toMatch(/passed/);
      expect(row(screen, 'backup')).toMatch(/passed/);
      await press(screen, 'U');
      await screen.waitFor(/upgrade: .*manual step\(s\) not acknowledged/);
      await press(screen, '7', 'j', ' ');
      await screen.waitFor(/ready: every gate passed/);
      expect(row(screen, 'announce')).toMatch(/acknowledged/);
      await press(screen, 'U');
      await screen.waitFor('Run this command? [y/N]');
      expect(unwrapped(screen)).toMatch(/\$ helm upgrade shop \S+shop --set image\.tag=1\.1\.0 --rollback-on-failure --timeout 10m --namespace walk --kube-context kubesim/);
      expect(screen.text()).toContain('Migrations are forward-only');
      expect(screen.text()).toMatch(/image Deployment\/shop-web web: \S+:1\.0\.0 → \S+:1\.1\.0/);
      // c copies the exact command (OSC 52) and leaves the question open.
      await press(screen, 'c');
      await screen.waitFor('command copied to the clipboard');
      const copied = screen.raw().split('\x1b]52;c;')[1]?.split('\x07')[0] ?? '';
      expect(Buffer.from(copied, 'base64').toString()).toMatch(/^helm upgrade shop \S+shop --set image\.tag=1\.1\.0 --rollback-on-failure --timeout 10m --namespace walk --kube-context kubesim$/);
      await press(screen, 'y');
      await screen.waitFor(/verified: revision 2 verified/, 60_000);
      expect(screen.text()).toMatch(/✓ exit 0 {2}\$ helm upgrade shop /);
      expect(row(screen, 'verify.1.rollout-complete')).toMatch(/passed/);
    } finally {
      await quit(screen);
    }
    expect(screen.raw()).toContain(`journal: ${jdir}/`);
    expect(await webImage(ns)).toBe('registry.example.invalid/shop/web:1.1.0');
    expect((await history(ns)).at(-1)).toMatchObject({ revision: 2, status: 'deployed' });

    const dumps = readdirSync(backups);
    expect(dumps).toEqual(['shop-r1.sql']);
    expect(readFileSync(join(backups, dumps[0]!), 'utf8')).toContain('CREATE TABLE public.orders');

    const entries = journal(jdir);
    const results = entries.filter((e) => e.type === 'step-result').map((e) => [e.result.id, e.result.status, e.result.summary]);
    expect(results.map(([id]) => id)).toEqual(['preflight.1.release-settled', 'preflight.3.pods-healthy', 'backup', 'preflight.5.diff', 'announce', 'verify.1.rollout-complete', 'verify.2.logs', 'verify.observe']);
    expect(results.every(([, status]) => status === 'pass')).toBe(true);
    expect(results.find(([id]) => id === 'announce')![2]).toMatch(/^acknowledged by \S+/);
    expect(entries.find((e) => e.type === 'command')).toMatchObject({ title: 'upgrade shop', exitCode: 0 });
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'succeeded', revision: 2 });
    expect(entries.filter((e) => e.type === 'outcome').at(-1)).toMatchObject({ action: 'verify', status: 'succeeded', revision: 2 });
    expect(entries.find((e) => e.type === 'diff')).toBeDefined();
    expect(entries.at(-1)).toMatchObject({ type: 'window-end', reason: 'operator quit' });
  });

  it('one key rolls back to the last good revision after a y/N, and verify runs again', { timeout: 90_000 }, async () => {
    const ns = 'walk'; // at revision 2 after the walk
    const jdir = join(c.home, 'j-rollback');
    const screen = spawnHelmdeck(['watch', 'shop', '-n', ns, '--observe', '3s'], { cols: 160, rows: 48, env: { ...env(), XDG_STATE_HOME: jdir } });
    try {
      await screen.waitFor(/rev 2/);
      await press(screen, 'R');
      await screen.waitFor('Roll back now? [y/N]');
      expect(screen.text()).toMatch(/Roll back shop from revision 2 to revision 1/);
      expect(screen.text()).toMatch(/\$ helm rollback shop 1 --wait --timeout 600s --namespace walk --kube-context kubesim/);
      expect(screen.text()).toMatch(/revision 2 ran the pre-upgrade hook Job\/shop-migrate/);
      await press(screen, 'y');
      await screen.waitFor(/rolled-back: rolled back to revision 1 \(revision 3\); verify passed/, 60_000);
    } finally {
      await quit(screen);
    }
    expect((await history(ns)).at(-1)).toMatchObject({ revision: 3, status: 'deployed', description: 'Rollback to 1' });
    expect(await webImage(ns)).toBe('registry.example.invalid/shop/web:1.0.0');
    const entries = journal(join(jdir, 'helmdeck'));
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'rollback', status: 'succeeded', toRevision: 1, revision: 3 });
    expect(entries.find((e) => e.type === 'step-result')?.result).toMatchObject({ id: 'verify.1.rollout-complete', status: 'pass' });
  });
});

describe('gates', () => {
  it('a failing lag gate blocks the upgrade; an override with a typed reason lets it pass and is journaled', { timeout: 90_000 }, async () => {
    const ns = 'gate';
    await install(ns, ['worker.kafka=gatecheck/orders/3']);
    // No consumer: the group falls behind.
    await c.kubectl(['scale', 'deploy/shop-worker', '-n', ns, '--replicas', '0']);
    const jdir = join(c.home, 'j-gate');
    const rb = runbook('gate.yaml', `release: shop
namespace: ${ns}
chart: ${chart}
preflight:
  - check: consumer-lag
    id: lag
    source: { exporter: ${c.sim.metricsUrl} }
    groups: [gatecheck]
    max: 100
    samples: 2
    window: 30s
verify:
  - check: rollout-complete
`);
    const screen = helmdeck(['upgrade', '--observe', '3s', 'shop', '--runbook', rb, '--journal', jdir]);
    try {
      await screen.waitFor(/blocked: 1 failed gate\(s\): lag/, 30_000);
      expect(row(screen, 'lag')).toMatch(/failed\s+group gatecheck/);
      await press(screen, 'U');
      await screen.waitFor(/upgrade: 1 failed gate/);
      await press(screen, '7', 'o');
      await screen.waitFor('Reason for overriding this gate:');
      await press(screen, '\r');
      await screen.waitFor('an answer is needed');
      screen.write('consumers are paused for the window, lag is expected');
      await new Promise((r) => setTimeout(r, 200));
      await press(screen, '\r');
      await screen.waitFor(/ready: every gate passed/);
      expect(row(screen, 'lag')).toMatch(/overridden/);
    } finally {
      await quit(screen);
    }
    const entries = journal(jdir);
    expect(entries.find((e) => e.type === 'override')).toMatchObject({ stepId: 'lag', reason: 'consumers are paused for the window, lag is expected' });
    const results = entries.filter((e) => e.type === 'step-result').map((e) => e.result);
    expect(results[0]).toMatchObject({ id: 'lag', status: 'fail' });
    expect(results.at(-1)).toMatchObject({ id: 'lag', status: 'fail', override: { reason: 'consumers are paused for the window, lag is expected' } });
    expect((await history(ns)).length).toBe(1);
  });
});

describe('verify observes the new revision', () => {
  it('counts the observation window down in the checklist, fails it when the new pods crash after turning Ready, and R offers the rollback', { timeout: 180_000 }, async () => {
    const ns = 'observe';
    await install(ns);
    const jdir = join(c.home, 'j-observe');
    // The new pods turn Ready, then exit 1 a minute of real time (600 simulated seconds) after each start: long after helm returned.
    const rb = runbook('observe.yaml', `release: shop
namespace: ${ns}
chart: ${chart}
set: { image.tag: "2.0.0", exitCode: "1", exitAfter: 600s, migration.enabled: "false" }
upgrade:
  flags: [--wait, --timeout, 2m]
  observe: 3m
verify:
  - check: rollout-complete
`);
    const screen = spawnHelmdeck(['upgrade', 'shop', '--runbook', rb, '--journal', jdir], { cols: 160, rows: 48, env: env() });
    try {
      await screen.waitFor(/ready: every gate passed/, 30_000);
      await press(screen, 'U');
      await screen.waitFor('Run this command? [y/N]');
      await press(screen, 'y');
      // While it watches: the row counts down and names what it watches.
      await screen.waitFor(/verify\.observe\s+.*observing · [23]:\d\d left · 0 re/, 30_000);
      expect(screen.text()).toMatch(/verifying: revision 2 applied; observing it for 3m/);
      // Then a new pod exits: verify fails at once, naming it.
      await screen.waitFor(/verify\.observe\s+✗ failed\s+shop-web-\S+\/we/, 100_000);
      // The phase follows once the outcome is journaled.
      await screen.waitFor(/verify-failed/, 10_000);
      await press(screen, 'R');
      await screen.waitFor('Roll back now? [y/N]');
      expect(screen.text()).toMatch(/Roll back shop from revision 2 to revision 1/);
      await press(screen, 'n');
    } finally {
      await quit(screen);
    }
    const entries = journal(jdir);
    expect(entries.filter((e) => e.type === 'outcome').map((e) => `${e.action} ${e.status}`)).toEqual(['upgrade succeeded', 'verify failed']);
    const observed = entries.find((e) => e.type === 'step-result' && e.result.id === 'verify.observe')!.result;
    expect(observed.status).toBe('fail');
    expect(observed.evidence.join('\n')).toMatch(/is a pod of revision 2 \(Deployment\/shop-web\)/);
    expect(observed.evidence.join('\n')).toMatch(/last log lines of shop-web-\S+\/web/);
  });
});

describe('failures during the upgrade', () => {
  it('an upgrade to a missing image fails fast and is rolled back at once', { timeout: 120_000 }, async () => {
    const ns = 'badimage';
    await install(ns, ['migration.enabled=false']);
    const jdir = join(c.home, 'j-bad');
    const screen = helmdeck(['upgrade', '--observe', '3s', 'shop', chart, '-n', ns, '--set', 'image.tag=missing-2.0.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false', '--journal', jdir]);
    try {
      await screen.waitFor(/ready: every gate passed/, 30_000);
      await press(screen, 'U');
      await screen.waitFor('Run this command? [y/N]');
      await press(screen, 'y');
      await screen.waitFor('Roll back now? [y/N]', 60_000);
      expect(screen.text()).toMatch(/shop-web-\S+ (ImagePullBackOff|ErrImagePull)/);
      expect(screen.text()).toMatch(/\$ helm rollback shop 1 --wait/);
      await press(screen, 'y');
      // Interrupted, helm's --rollback-on-failure rolls back itself; helmdeck then only verifies.
      await screen.waitFor(/rolled-back: rolled back to revision 1 \(revision 3(, by helm)?\); verify passed/, 60_000);
    } finally {
      await quit(screen);
    }
    const h = await history(ns);
    expect(h.map((r) => r.status)).toEqual(['superseded', 'failed', 'deployed']);
    expect(h.at(-1)!.description).toBe('Rollback to 1');
    expect(await webImage(ns)).toBe('registry.example.invalid/shop/web:1.0.0');
    const entries = journal(jdir);
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'interrupted', revision: 2 });
    expect(entries.some((e) => e.type === 'note' && /^fail fast: shop-web-\S+ (ImagePullBackOff|ErrImagePull)/.test(e.text))).toBe(true);
  });

  it('quitting while helm runs asks first, then interrupts helm with SIGINT and records the release as failed', { timeout: 120_000 }, async () => {
    const ns = 'quit';
    await install(ns, ['migration.enabled=false']);
    const jdir = join(c.home, 'j-quit');
    const screen = helmdeck(['upgrade', '--observe', '3s', 'shop', chart, '-n', ns, '--set', 'readyAfter=600s', '--set', 'image.tag=1.2.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false', '--journal', jdir]);
    await screen.waitFor(/ready: every gate passed/, 30_000);
    await press(screen, 'U', 'y');
    await screen.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running · [0-9hms]+ {2}\$ helm upgrade shop/);
    await waitFor(async () => (await history(ns)).at(-1)?.status === 'pending-upgrade', 30_000, 'helm to start the upgrade');
    await press(screen, 'q');
    await screen.waitFor('Quit and interrupt helm? [y/N]');
    await press(screen, 'n');
    await screen.waitFor('Cancelled: nothing was run');
    expect(screen.text()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] running · [0-9hms]+ {2}\$ helm upgrade shop/);
    await press(screen, 'q', 'y');
    expect(await screen.exited).toBe(0);
    expect(screen.alternate()).toBe(false);
    expect(screen.raw()).toMatch(/interrupting it \(SIGINT\)/);
    // helm recorded the interrupted revision as failed (its --rollback-on-failure may then roll back); nothing is left pending.
    const h = await history(ns);
    expect(h.find((r) => r.revision === 2)?.status).toBe('failed');
    expect(h.filter((r) => r.status.startsWith('pending-'))).toEqual([]);
    const entries = journal(jdir);
    expect(entries.find((e) => e.type === 'command')).toMatchObject({ title: 'upgrade shop', interrupted: true });
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'interrupted', revision: 2 });
  });
  it('SIGTERM while helm runs interrupts helm with SIGINT, journals the outcome and restores the terminal', { timeout: 120_000 }, async () => {
    const ns = 'term';
    await install(ns, ['migration.enabled=false']);
    const jdir = join(c.home, 'j-term');
    const screen = helmdeck(['upgrade', '--observe', '3s', 'shop', chart, '-n', ns, '--set', 'readyAfter=600s', '--set', 'image.tag=1.2.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false', '--journal', jdir]);
    await screen.waitFor(/ready: every gate passed/, 30_000);
    await press(screen, 'U', 'y');
    await waitFor(async () => (await history(ns)).at(-1)?.status === 'pending-upgrade', 30_000, 'helm to start the upgrade');
    screen.kill('SIGTERM');
    expect(await screen.exited).toBe(130);
    expect(screen.alternate()).toBe(false);
    const h = await history(ns);
    expect(h.find((r) => r.revision === 2)?.status).toBe('failed');
    expect(h.filter((r) => r.status.startsWith('pending-'))).toEqual([]);
    const entries = journal(jdir);
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'interrupted' });
    expect(entries.at(-1)).toMatchObject({ type: 'window-end', reason: 'ended by SIGTERM' });
  });
});

describe('the revision picker', () => {
  it('shows what rolling back to revision 1 changes, warns about the migration it cannot undo, and rolls back on the typed name', { timeout: 90_000 }, async () => {
    const ns = 'pick';
    await install(ns);
    await c.helm(['upgrade', 'shop', chart, '-n', ns, '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
    const screen = spawnHelmdeck(['watch', 'shop', '-n', ns, '--observe', '3s'], { cols: 160, rows: 48, env: env() });
    try {
      await screen.waitFor(/rev 2/);
      await press(screen, '5', 'j', 'r');
      await screen.waitFor('Type the release name (shop) to roll back:');
      const text = screen.text();
      expect(text).toMatch(/Roll back shop from revision 2 to revision 1 \(superseded, shop-1\.0\.0, app 1\.0\.0\)/);
      expect(text).toMatch(/\$ helm rollback shop 1 --wait/);
      expect(text).toMatch(/revision 2 ran the pre-upgrade hook Job\/shop-migrate \(Succeeded\)/);
      expect(text).toMatch(/What changes \(revision 2 → 1\)/);
      expect(text).toMatch(/image Deployment\/shop-web web: \S+:1\.1\.0 → \S+:1\.0\.0/);
      screen.write('shoq');
      await new Promise((r) => setTimeout(r, 200));
      await press(screen, '\r');
      await screen.waitFor('"shoq" is not shop');
      expect((await history(ns)).length).toBe(2);
      await press(screen, '\x7f');
      screen.write('p\r');
      await screen.waitFor(/rolled-back: rolled back to revision 1 \(revision 3\)/, 60_000);
    } finally {
      await quit(screen);
    }
    expect((await history(ns)).at(-1)).toMatchObject({ revision: 3, status: 'deployed', description: 'Rollback to 1' });
    expect(await webImage(ns)).toBe('registry.example.invalid/shop/web:1.0.0');
  });
});

describe('runbook errors', () => {
  it('point at file:line:column before anything runs', async () => {
    const rb = runbook('broken.yaml', `release: shop
namespace: broken
chart: ${chart}
preflight:
  - check: pods-healthy
    selectr: app=web
`);
    const state = join(c.home, 'state-broken');
    const r = await execa(join(repoRoot, 'bin', 'helmdeck'), ['upgrade', 'shop', '--runbook', rb, '--observe', '3s'], { env: { ...env(), XDG_STATE_HOME: state }, reject: false });
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toContain(`${rb}:6:5`);
    expect(String(r.stderr)).toMatch(/selectr/);
    expect(existsSync(state)).toBe(false);
  });
});

describe('several releases in one window', () => {
  it('moves the panes to the next release once the first is verified, and runs its preflight', { timeout: 120_000 }, async () => {
    for (const name of ['platform', 'services']) {
      await c.helm(['install', name, chart, '-n', `win-${name}`, '--create-namespace', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false', '--wait', '--timeout', '60s']);
    }
    const release = (name: string, extra = '') =>
      `  - release: ${name}\n    namespace: win-${name}\n    chart: ${chart}\n    set: { image.tag: "1.1.0", hpa.enabled: "false", migration.enabled: "false" }\n    preflight:\n      - check: release-settled\n${extra}    verify:\n      - check: rollout-complete\n`;
    const rb = runbook('window.yaml', `releases:\n${release('platform')}${release('services', '      - manual: Tell the services team the platform is done\n        id: services-go\n')}`);
    const screen = helmdeck(['upgrade', '--observe', '3s', '--runbook', rb, '--journal', join(c.home, 'j-window')]);
    try {
      await screen.waitFor(/platform \(1 of 2\) ready: every gate passed/, 30_000);
      expect(screen.lines()[0]).toMatch(/ns win-platform · release platform rev 1/);
      await press(screen, 'U', 'y');
      await screen.waitFor(/services \(2 of 2\) blocked: 1 manual step\(s\) not acknowledged: services-go/, 60_000);
      await screen.waitFor(/ns win-services · release services rev 1/);
      expect(screen.text()).toMatch(/│platform\.preflight\.1\.\S*\s+✓ passed/);
      expect(screen.text()).toMatch(/│platform\.verify\.1\.\S*\s+✓ passed/);
      expect(screen.text()).toMatch(/│services services-go\s+\? pending/);
    } finally {
      await quit(screen);
    }
    expect(await c.kubectl(['get', 'deploy', 'platform-web', '-n', 'win-platform', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']).then((r) => r.stdout)).toBe('registry.example.invalid/shop/web:1.1.0');
    expect(await c.kubectl(['get', 'deploy', 'services-web', '-n', 'win-services', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']).then((r) => r.stdout)).toBe('registry.example.invalid/shop/web:1.0.0');
  });
});
