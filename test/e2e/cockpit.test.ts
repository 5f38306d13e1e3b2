// The cockpit as the operator sees it: the real bin/helmdeck in a
// pseudo-terminal read by a real terminal emulator, against kubesim with the
// real helm, at 80×24 and 160×48.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { COCKPIT_COMMANDS } from '../../src/ui/keys/cockpit-commands.js';
import { chartsDir, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { spawnHelmdeck, type Screen } from '../helpers/terminal.js';

const chart = join(chartsDir, 'shop');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

function open(ns: string, cols: number, rows: number, extra: string[] = []): Screen {
  return spawnHelmdeck(['watch', 'shop', '-n', ns, ...extra], { cols, rows, env: { KUBECONFIG: c.sim.kubeconfigPath, HOME: c.home, XDG_CONFIG_HOME: join(c.home, '.config') } });
}

/** Types one key and lets the program read it on its own (keys written together arrive as a paste). */
async function press(screen: Screen, key: string): Promise<void> {
  screen.write(key);
  await new Promise((r) => setTimeout(r, 120));
}

async function quit(screen: Screen): Promise<void> {
  screen.write('q');
  expect(await screen.exited).toBe(0);
  expect(screen.alternate()).toBe(false);
}

describe.each([
  [80, 24],
  [160, 48],
])('the cockpit at %i×%i', (cols, rows) => {
  const ns = `e2e-${cols}`;
  beforeAll(async () => {
    await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '--wait', '--timeout', '60s', '--set', 'hpa.enabled=false']);
  });

  it('shows the release and its pods, never taller than the terminal, and quits with 0', async () => {
    const screen = open(ns, cols, rows);
    try {
      await screen.waitFor(/shop-web-\w+-\w+/);
      expect(screen.alternate()).toBe(true);
      expect(screen.lines()).toHaveLength(rows);
      expect(screen.lines()[0]).toMatch(/shop rev 1/);
      expect(screen.text()).toMatch(/Running/);
    } finally {
      await quit(screen);
    }
  });

  it('follows an upgrade run by helm outside the cockpit, live', async () => {
    const screen = open(ns, cols, rows);
    try {
      await screen.waitFor(/rev 1/);
      await c.helm(['upgrade', 'shop', chart, '-n', ns, '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
      await screen.waitFor(/rev 2/);
      await press(screen, '5'); // Helm history
      // helm writes both records at the end; the watch may deliver them a frame apart.
      await screen.waitFor(/superseded/);
      await screen.waitFor(/2\s+\S*\s*deployed/);
      await press(screen, '2'); // Rollout
      await screen.waitFor(/shop-web.*current/);
    } finally {
      await quit(screen);
    }
  });

  it('shows a crash-looping pod with its reason in the failure colour', async () => {
    const screen = open(ns, cols, rows);
    try {
      await screen.waitFor(/Running/);
      await c.helm(['upgrade', 'shop', chart, '-n', ns, '--reuse-values', '--set', 'exitCode=2', '--set', 'exitAfter=200ms', '--set', 'migration.enabled=false']);
      await waitFor(() => c.sim.ctx.store.list(RT.pods, ns).some((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff'), 20_000, 'a crash loop');
      await press(screen, '1');
      await screen.waitFor('CrashLoopBackOff', 15_000);
      // The default theme's state.failed is ANSI red (palette index 1).
      expect(screen.colorOf('CrashLoopBackOff')).toEqual({ mode: 'palette', color: 1 });
      expect(screen.colorOf('✓ Running') ?? { mode: 'palette', color: 2 }).not.toEqual({ mode: 'palette', color: 1 });
      await c.helm(['rollback', 'shop', '-n', ns, '--wait', '--timeout', '60s']);
    } finally {
      await quit(screen);
    }
  });

  it('follows a pod\'s logs', async () => {
    const screen = open(ns, cols, rows);
    try {
      await waitFor(() => c.sim.ctx.store.list(RT.pods, ns).every((p) => !p.metadata.deletionTimestamp), 20_000, 'no pod terminating');
      await screen.waitFor(/shop-web-\w+-\w+/);
      await press(screen, '1');
      await press(screen, 'l');
      await screen.waitFor(/Logs shop-\S+\//);
      const shown = /Logs (shop-[\w-]+)\/(\w+)/.exec(screen.text())!;
      const pod = c.sim.ctx.store.list(RT.pods, ns).find((p) => p.metadata.name === shown[1]);
      expect(pod).toBeDefined();
      await screen.waitFor(/following/);
      c.sim.ctx.logs.append(pod!.metadata.uid!, shown[2]!, 'hello from the e2e test');
      await screen.waitFor('hello from the e2e test');
    } finally {
      await quit(screen);
    }
  });

  it('lists every command of the key table in the help', async () => {
    const screen = open(ns, cols, rows);
    try {
      await screen.waitFor(/shop-web/);
      await press(screen, '?');
      await screen.waitFor('[app.quit]');
      const seen = new Set<string>();
      // The overlay scrolls: page through it, collecting what it shows.
      for (let i = 0; i < 20; i++) {
        // Long rows wrap inside the overlay: read it without borders and spaces.
        const flat = screen.text().replace(/[│\s]/g, '');
        for (const cmd of COCKPIT_COMMANDS) if (flat.includes(`[${cmd.id}]`)) seen.add(cmd.id);
        await press(screen, '\x1b[6~'); // PgDn
      }
      const missing = COCKPIT_COMMANDS.filter((cmd) => !seen.has(cmd.id)).map((cmd) => cmd.id);
      expect(missing).toEqual([]);
      await press(screen, '\x1b');
    } finally {
      await quit(screen);
    }
  });
});
