// What a new operator reads first, through the real bin/helmdeck in a
// pseudo-terminal at 80×24 and 160×48: pod names that keep their unique
// suffix (NODE yields before the name does), ages under two minutes that
// tick every second, and a running helm that moves — a spinner with its
// elapsed time — and stops moving when helm is done.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { closeAndQuit, press, spawnHelmdeck, type Screen } from '../helpers/terminal.js';

const chart = join(chartsDir, 'shop');
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

const env = () => ({ KUBECONFIG: c.sim.kubeconfigPath, HOME: c.home, XDG_CONFIG_HOME: join(c.home, '.config'), XDG_STATE_HOME: join(c.home, '.state') });

async function quit(screen: Screen): Promise<void> {
  expect(await closeAndQuit(screen)).toBe(0);
}

/** The Pods pane's part of a screen line (at 160 columns the Rollout pane sits to its right). */
const podsCell = (line: string) => line.split('││')[0]!;

describe.each([
  [80, 24],
  [160, 48],
])('at %i×%i', (cols, rows) => {
  const ns = `readable-${cols}`;
  beforeAll(async () => {
    await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '--wait', '--timeout', '60s', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false']);
  });

  /** The pod names of `release` in the namespace. */
  const podNames = (release: string) => c.sim.ctx.store.list(RT.pods, ns).map((p) => String(p.metadata.name)).filter((n) => n.startsWith(`${release}-`));

  it('whole pod names when they fit, with NODE beside them; young ages tick every second', async () => {
    const web = podNames('shop-web');
    expect(web.length).toBeGreaterThan(1);
    const screen = spawnHelmdeck(['watch', 'shop', '-n', ns], { cols, rows, env: env() });
    try {
      await screen.waitFor(new RegExp(`1 Pods \\(${podNames('shop').length}\\)`));
      await screen.waitFor(/Running/);
      const header = podsCell(screen.lines().find((l) => /NAME\s+READY\s+STATUS/.test(l))!);
      expect(header).toMatch(/AGE\s+NODE/);
      for (const name of web) expect(screen.lines().some((l) => podsCell(l).includes(`│${name} `))).toBe(true);

      // The web pods are seconds old: their ages move every second, not with the minute.
      const suffix = web[0]!.slice(web[0]!.lastIndexOf('-'));
      const ageIn = (text: string) => Number(/ (\d+)s(?= )/.exec(podsCell(text.split('\n').find((l) => podsCell(l).includes(`${suffix} `)) ?? ''))?.[1] ?? NaN);
      const first = ageIn(screen.text());
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(115);
      await screen.waitFor((text) => ageIn(text) >= first + 2, 5000);
    } finally {
      await quit(screen);
    }
  });

  it('long pod names are cut in the middle, keeping their suffix, and NODE yields before AGE', async () => {
    const release = 'storefront-checkout-payments';
    await c.helm(['install', release, chart, '-n', ns, '--wait', '--timeout', '60s', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false']);
    const web = podNames(`${release}-web`);
    expect(web.length).toBeGreaterThan(1);
    const screen = spawnHelmdeck(['watch', release, '-n', ns], { cols, rows, env: env() });
    try {
      await screen.waitFor(new RegExp(`1 Pods \\(${podNames(release).length}\\)`));
      await screen.waitFor(/Running/);
      const lines = screen.lines();
      const header = podsCell(lines.find((l) => /NAME\s+READY\s+STATUS/.test(l))!);
      expect(header).not.toContain('NODE');
      expect(header).toContain('AGE');
      for (const name of web) {
        const suffix = name.slice(name.lastIndexOf('-'));
        // The start of the name, an ellipsis, and the whole unique suffix.
        expect(lines.some((l) => new RegExp(`│${release}-\\S*…${suffix} `).test(podsCell(l))), `${name} as ${release}-…${suffix} on\n${screen.text()}`).toBe(true);
      }
    } finally {
      await quit(screen);
    }
  });

  it('a running helm shows a spinner and its elapsed time, and stops moving when helm is done', { timeout: 120_000 }, async () => {
    const screen = spawnHelmdeck(
      ['upgrade', '--observe', '3s', 'shop', chart, '-n', ns, '--set', 'readyAfter=60s', '--set', 'image.tag=1.1.0', '--set', 'hpa.enabled=false', '--set', 'migration.enabled=false'],
      { cols, rows, env: env() },
    );
    try {
      // At 80 columns the checklist is a tab of its own.
      if (cols === 80) await press(screen, '7');
      await screen.waitFor(/ready: every gate passed/, 30_000);
      await press(screen, 'U', 'y');
      const running = /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) running · (\d+)s {2}\$ helm upgrade shop/;
      await screen.waitFor(running, 15_000);
      const [, frame, secs] = running.exec(screen.text())!;
      // It moves: another spinner frame, and the elapsed seconds count up.
      await screen.waitFor((text) => (running.exec(text)?.[1] ?? frame) !== frame, 3000);
      await screen.waitFor((text) => Number(running.exec(text)?.[2] ?? -1) > Number(secs), 3000);
      await screen.waitFor(/✓ exit 0 {2}\$ helm upgrade shop/, 60_000);
      await screen.waitFor(/verified/, 60_000);
      // Done: nothing on screen spins any more (given the frame after the verdict to land).
      await screen.waitFor((text) => !SPINNER.test(text), 5000);
    } finally {
      await quit(screen);
    }
  });
});
