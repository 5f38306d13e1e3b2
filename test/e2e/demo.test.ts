// `helmdeck demo` as a new user meets it: one command, a simulated cluster,
// the sample application installed by the real helm, a runbook written for
// it, and the cockpit opened as the upgrade window. Each scenario is driven
// with keys in a pseudo-terminal until it reaches the state it exists for.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scenarioMarkdownTable, SCENARIOS } from '../../src/demo/scenarios.js';
import { repoRoot } from '../helpers/cluster.js';
import { closeAndQuit, press, spawnHelmdeck, type Screen } from '../helpers/terminal.js';

let base: string;
let tmp: string;
let n = 0;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'helmdeck-demo-test-'));
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});
afterEach(() => {
  // Whatever the demo started with its kubeconfig under this test's folder has ended with it.
  expect(helmProcessesUnder(tmp)).toEqual([]);
});

/** A fresh TMPDIR per test, so the demo's folder can be found and checked. */
function env(): Record<string, string> {
  tmp = join(base, String(++n));
  mkdirSync(tmp);
  return { TMPDIR: tmp, XDG_CONFIG_HOME: join(tmp, 'no-config'), XDG_STATE_HOME: join(tmp, 'state') };
}

function demo(args: string[]): Screen {
  return spawnHelmdeck(['demo', '--speed', '5', ...args], { cols: 160, rows: 48, env: env() });
}

/** Closes any prompt and quits; expects a clean exit with the terminal restored. */
async function quit(screen: Screen): Promise<void> {
  const code = await closeAndQuit(screen, 20_000);
  expect(code, `the demo's last output:\n${screen.raw().slice(-3000)}`).toBe(0);
  expect(screen.alternate()).toBe(false);
}

/** Focuses the Checklist (7) and waits until its keys show in the key bar. */
async function checklist(screen: Screen): Promise<void> {
  await press(screen, '7');
  await screen.waitFor(/Space ack {2}r retry/, 3000).catch(async () => {
    // The key may have arrived while the screen was still starting; a second press is what a user would do.
    await press(screen, '7');
    await screen.waitFor(/Space ack {2}r retry/);
  });
}

// The 160×48 grid puts the Checklist at the bottom left; this names its rows.
const row = (screen: Screen, id: string) => screen.lines().find((l) => l.startsWith(`│${id} `)) ?? '';

/** The demo's folder under this test's TMPDIR. */
function demoDir(): string {
  const dirs = readdirSync(tmp).filter((d) => d.startsWith('helmdeck-demo-'));
  expect(dirs).toHaveLength(1);
  return join(tmp, dirs[0]!);
}

function journal(): Record<string, any>[] {
  const dir = join(demoDir(), 'journal');
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  expect(files).toHaveLength(1);
  return readFileSync(join(dir, files[0]!), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

/** helm processes whose kubeconfig lies under `dir` (Linux /proc). */
function helmProcessesUnder(dir: string | undefined): string[] {
  if (!dir) return [];
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (basename(argv[0] ?? '') !== 'helm') continue;
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(dir)) out.push(`${pid} ${argv.join(' ')}`);
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

describe('helmdeck demo', () => {
  it('shows the sample application\'s pods and consumer lag within seconds, and quits cleanly', { timeout: 60_000 }, async () => {
    const screen = demo([]);
    try {
      await screen.waitFor(/shop-web-\S+\s+1\/1\s+\S+ Running/, 10_000);
      await screen.waitFor(/helmdeck-demo .*release shop rev 1/);
      await screen.waitFor(/orders\/orders/, 15_000);
      // The sample application: Deployments with an HPA, a consumer, a StatefulSet database.
      await screen.waitFor(/shop-db-1\s+1\/1/);
      const text = screen.text();
      expect(text).toMatch(/StatefulSet\/shop-db/);
      expect(text).toMatch(/Deployment\/shop-worker/);
      expect(text).toMatch(/shop-web\s+\d\/\d\s+2–5/);
      expect(text).toMatch(/runbook \S+\/runbook\.yaml/);
    } finally {
      await quit(screen);
    }
    const raw = screen.raw();
    expect(raw).toContain('helmdeck demo: ready');
    expect(raw).toMatch(/helmdeck demo: runbook: \S+\/runbook\.yaml/);
    expect(raw).toContain('kubesim stopped');
    // What is kept: the runbook, the target chart and the journal; the cluster's kubeconfig goes.
    expect(readdirSync(demoDir()).sort()).toEqual(['charts', 'journal', 'runbook.yaml']);
  });

  it('--list names every scenario with what goes wrong and what to rehearse; the README carries the same table', async () => {
    const r = await execa(join(repoRoot, 'bin', 'helmdeck'), ['demo', '--list'], { reject: false });
    expect(r.exitCode).toBe(0);
    for (const s of SCENARIOS) {
      expect(r.stdout).toMatch(new RegExp(`^  ${s.name} +${escape(s.wrong)}$`, 'm'));
      expect(r.stdout).toContain(`rehearse: ${s.rehearse}`);
    }
    expect(SCENARIOS.map((s) => s.name)).toEqual(['happy', 'bad-image', 'crashloop', 'lag', 'stuck']);
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(scenarioMarkdownTable());
  });

  it('an unknown scenario is a one-line usage error naming the known ones, before anything starts', async () => {
    const e = env();
    const r = await execa(join(repoRoot, 'bin', 'helmdeck'), ['demo', '--scenario', 'bad-imgae'], { reject: false, env: e });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('helmdeck: demo: unknown scenario "bad-imgae": expected one of happy, bad-image, crashloop, lag, stuck (helmdeck demo --list describes them)');
    expect(readdirSync(tmp).filter((d) => d.startsWith('helmdeck-demo-'))).toEqual([]);
  });
});

describe('helmdeck demo scenarios', () => {
  it('happy: every gate passes, U upgrades to 1.1.0 and verify passes', { timeout: 90_000 }, async () => {
    const screen = demo(['--scenario', 'happy']);
    try {
      await screen.waitFor(/blocked: 1 manual step\(s\) not acknowledged: release-notes/, 40_000);
      for (const id of ['preflight.2.release-settled', 'preflight.3.pods-healthy', 'preflight.4.hpa-valid', 'preflight.5.pdb', 'consumer-lag', 'preflight.7.diff', 'images-exist', 'backup']) {
        expect(row(screen, id)).toMatch(/✓ passed/);
      }
      await checklist(screen);
      await press(screen, ' ');
      await screen.waitFor(/ready: every gate passed/);
      await press(screen, 'U');
      await screen.waitFor('Run this command? [y/N]');
      expect(unwrapped(screen)).toMatch(/\$ helm upgrade shop \S+\/charts\/shop-1\.1\.0 --set image\.tag=1\.1\.0 --rollback-on-failure --timeout 5m --namespace shop --kube-context helmdeck-demo/);
      expect(screen.text()).toMatch(/chart: shop-1\.0\.0 → shop-1\.1\.0/);
      await press(screen, 'y');
      await screen.waitFor(/verified: revision 2 verified/, 60_000);
      expect(screen.lines()[0]).toMatch(/rev 2 · chart shop-1\.1\.0 → app 1\.1\.0 · ✓ deployed/);
    } finally {
      await quit(screen);
    }
    const results = journal().filter((e) => e.type === 'step-result').map((e) => e.result);
    expect(results.filter((r) => r.id.startsWith('verify.')).map((r) => [r.id, r.status])).toEqual([
      ['verify.1.rollout-complete', 'pass'],
      ['verify.2.pods-healthy', 'pass'],
      ['verify.3.http', 'pass'],
      ['verify.4.logs', 'pass'],
      ['verify.observe', 'pass'],
    ]);
    expect(results.find((r) => r.id === 'verify.4.logs').summary).toMatch(/applied \\d\+ migrations\/ seen in shop-migrate-/);
    // The backup is a real dump of the shop's rows, in the demo's folder, named with its size in the journal and the report.
    const backup = results.find((r) => r.id === 'backup');
    const [, size, file] = /^saved (\d+) bytes to (\S+)$/.exec(backup.summary) ?? [];
    expect(file).toMatch(new RegExp(`^${demoDir()}/backups/shop-\\d{8}-\\d{6}\\.sql$`));
    expect(statSync(file!).size).toBe(Number(size));
    expect(readFileSync(file!, 'utf8')).toContain('espresso beans');
    const journalFile = join(demoDir(), 'journal', readdirSync(join(demoDir(), 'journal')).find((f) => f.endsWith('.jsonl'))!);
    const report = await execa(join(repoRoot, 'bin', 'helmdeck'), ['report', journalFile], { reject: false });
    expect(report.stdout).toContain(`saved ${size} bytes to ${file}`);
  });

  it('bad-image: images-exist fails on the unpushed tag; overridden, U, y — the new web pods sit in ImagePullBackOff, the fail-fast prompt rolls back', { timeout: 120_000 }, async () => {
    const screen = demo(['--scenario', 'bad-image']);
    try {
      // Preflight asked kubesim's registry, as the kubelet will: the web tag is not there.
      await screen.waitFor(/blocked: 1 failed gate\(s\): images-exist/, 40_000);
      expect(row(screen, 'images-exist')).toMatch(/✗ failed\s+image not found: registry\.ex/);
      await checklist(screen);
      await press(screen, ' ');
      await press(screen, '/');
      screen.write('images-exist');
      await screen.waitFor(/\/images-exist/);
      await press(screen, '\r');
      await press(screen, 'o');
      await screen.waitFor('Reason for overriding this gate:');
      screen.write('rehearsing the fail-fast with the unpushed web image');
      await screen.waitFor('rehearsing the fail-fast with the unpushed web image');
      await press(screen, '\r');
      await screen.waitFor(/ready: every gate passed/);
      await press(screen, 'U');
      await screen.waitFor('Run this command? [y/N]');
      expect(screen.text()).toMatch(/--set image\.tag=1\.1\.0 --set web\.tag=missing-1\.1\.0/);
      await press(screen, 'y');
      await screen.waitFor('Roll back now? [y/N]', 60_000);
      expect(screen.text()).toMatch(/shop-web-\S+ (ErrImagePull|ImagePullBackOff)/);
      expect(screen.text()).toMatch(/\$ helm rollback shop 1 --wait/);
      // The first failed pull shows as ErrImagePull for a moment, then the kubelet backs off.
      await new Promise((r) => setTimeout(r, 600));
      screen.write('y');
      // While helm is interrupted and rolls back, the pane still shows the pod that could not pull.
      await screen.waitFor(/shop-web-\S+\s+0\/1\s+✗ ImagePullBackOff/, 10_000);
      await screen.waitFor(/rolled-back: rolled back to revision 1 \(revision \d+(, by helm)?\); verify passed/, 60_000);
      expect(screen.lines()[0]).toMatch(/rev \d · chart shop-1\.0\.0 → app 1\.0\.0 · ✓ deployed/);
    } finally {
      await quit(screen);
    }
    const entries = journal();
    expect(entries.some((e) => e.type === 'note' && /^fail fast: shop-web-\S+ (ErrImagePull|ImagePullBackOff)/.test(e.text))).toBe(true);
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'interrupted', revision: 2 });
    expect(entries.find((e) => e.type === 'override')).toMatchObject({ stepId: 'images-exist', reason: 'rehearsing the fail-fast with the unpushed web image' });
    const images = entries.find((e) => e.type === 'step-result' && e.result.id === 'images-exist')!.result;
    expect(images.summary).toBe('image not found: registry.example.invalid/shop/web:missing-1.1.0');
    expect(images.evidence.join('\n')).toMatch(/registry\.example\.invalid\/shop\/api:1\.1\.0: exists/);
    expect(images.evidence.join('\n')).toMatch(/docker\.io\/library\/postgres:16\.4: exists/);
  });

  it('crashloop: the migration runs, the new pods crash loop, the rollback prompt warns that the migration stays', { timeout: 90_000 }, async () => {
    const screen = demo(['--scenario', 'crashloop']);
    try {
      await screen.waitFor(/blocked: 1 manual step\(s\) not acknowledged/, 40_000);
      await checklist(screen);
      await press(screen, ' ');
      await screen.waitFor(/ready: every gate passed/);
      await press(screen, 'U');
      await screen.waitFor('Run this command? [y/N]');
      await press(screen, 'y');
      await screen.waitFor('Roll back now? [y/N]', 60_000);
      const text = screen.text();
      expect(text).toMatch(/shop-web-\S+ CrashLoopBackOff/);
      // helm's record still says Running while it waits; the Job itself completed.
      expect(unwrapped(screen)).toMatch(/revision 2 ran the pre-upgrade hook Job\/shop-migrate \(Succeeded\)/);
      expect(text).toMatch(/the runbook says migrations are forward-only/);
      await press(screen, 'y');
      await screen.waitFor(/rolled-back: rolled back to revision 1 \(revision \d+(, by helm)?\); verify passed/, 60_000);
      expect(screen.lines()[0]).toMatch(/rev \d · chart shop-1\.0\.0 → app 1\.0\.0 · ✓ deployed/);
    } finally {
      await quit(screen);
    }
    const entries = journal();
    expect(entries.some((e) => e.type === 'note' && /^fail fast: shop-web-\S+ CrashLoopBackOff/.test(e.text))).toBe(true);
  });

  it('lag: the consumer is down, the lag gate fails and U is refused with the gate named', { timeout: 90_000 }, async () => {
    const screen = demo(['--scenario', 'lag']);
    try {
      await screen.waitFor(/blocked: \d failed gate\(s\): .*consumer-lag/, 40_000);
      expect(row(screen, 'consumer-lag')).toMatch(/✗ failed\s+group orders: /);
      await screen.waitFor(/orders\/orders\s+\d{3,}/);
      await press(screen, 'U');
      await screen.waitFor(/upgrade: \d failed gate\(s\): .*consumer-lag/);
      expect(screen.text()).not.toContain('Run this command?');
    } finally {
      await quit(screen);
    }
    expect(journal().filter((e) => e.type === 'command')).toEqual([]);
  });

  it('stuck: release-settled explains the pending-upgrade release and the way out', { timeout: 90_000 }, async () => {
    const screen = demo(['--scenario', 'stuck']);
    try {
      await screen.waitFor(/preflight\.2\.release-settled\s+✗ failed\s+revision 2 is stuck in pend/, 40_000);
      expect(screen.lines()[0]).toMatch(/pending-upgrade/);
      await checklist(screen);
      // Select the row by filtering for it, whatever the cursor was on, then open its details.
      // Each key waits for what it shows, so a loaded machine cannot reorder or drop a step.
      await press(screen, '/');
      await screen.waitFor('Type to filter', 10_000);
      screen.write('release-settled');
      await screen.waitFor(/Checklist \(1 of \d+\)/, 10_000);
      await press(screen, '\r');
      await screen.waitFor(/\/release-settled {2}1 of \d+ · Esc clears/, 10_000);
      await press(screen, '\r');
      await screen.waitFor('Step preflight.2.release-settled', 20_000);
      const text = unwrapped(screen);
      expect(text).toMatch(/revision 2 is stuck in pending-upgrade: a helm upgrade started since \S+ \(\d+ s ago\) never finished/);
      expect(text).toContain('no helm process for "shop" runs on this machine');
      expect(text).toContain('recovery, once no helm runs for it anywhere: helm rollback shop 1 -n shop');
      expect(text).toContain('helmdeck never deletes release Secrets');
    } finally {
      await quit(screen);
    }
  });
});

/** The screen with lines that a prompt or overlay wrapped at its border joined again. */
function unwrapped(screen: Screen): string {
  // Lines break at spaces: the padding before the border and the break itself read as one space.
  return screen.text().replace(/ *│\n│ */g, ' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
