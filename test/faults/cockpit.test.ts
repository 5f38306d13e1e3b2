// The cockpit under faults, as the operator sees it: the real bin/helmdeck in
// a pseudo-terminal read by a real terminal emulator, against kubesim. A
// paused server shows "stale since T" in the status bar and the screen
// catches up after resume; a restart is survived; a resource forbidden by
// RBAC is named while every other pane stays live; an expired token stops
// the cockpit with one clear line.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { spawnHelmdeck, type Screen } from '../helpers/terminal.js';
import { shopChart, STACK } from './helpers.js';

const NS = 'cockpit-faults';
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  await c.helm(['install', 'shop', shopChart, '-n', NS, '--create-namespace', '--wait', '--timeout', '60s']);
});
afterAll(async () => {
  await c?.stop();
});

function open(cols = 160, rows = 48): Screen {
  return spawnHelmdeck(['watch', 'shop', '-n', NS], { cols, rows, env: { KUBECONFIG: c.sim.kubeconfigPath, HOME: c.home, XDG_CONFIG_HOME: join(c.home, '.config') } });
}

async function quit(screen: Screen): Promise<void> {
  screen.write('q');
  expect(await screen.exited).toBe(0);
}

/** The status bar's second line: watch health, warnings, the last message. */
function healthLine(screen: Screen): string {
  return screen.lines()[1] ?? '';
}

function scale(name: string, replicas: number): void {
  const d = c.sim.ctx.store.get(RT.deployments, NS, name)!;
  c.sim.ctx.store.update(RT.deployments, { ...d, spec: { ...d.spec, replicas } });
}

function livePods(prefix: string): number {
  return c.sim.ctx.store.list(RT.pods, NS).filter((p) => p.metadata.name!.startsWith(prefix) && !p.metadata.deletionTimestamp).length;
}

describe('the cockpit under faults', () => {
  it.each([
    [80, 24],
    [160, 48],
  ])('a paused server at %i×%i: "stale since T" readable in the status bar, then full recovery after resume', async (cols, rows) => {
    const screen = open(cols, rows);
    try {
      await screen.waitFor(/live \(11 watches\)/, 20_000);
      await screen.waitFor(/shop-worker-\w+/);
      // Every watch learns the server's bookmark pace from its first bookmark.
      await new Promise((r) => setTimeout(r, 1500));
      const before = livePods('shop-worker-');
      c.sim.faults.apply('pause');
      const pausedAt = Date.now();
      scale('shop-worker', before + 2);
      await screen.waitFor(/stale since \d\d:\d\d:\d\d/, 20_000);
      expect(Date.now() - pausedAt).toBeLessThan(15_000);
      // The time leads; at 80 columns the list of stale watches after it may be clipped.
      expect(healthLine(screen)).toMatch(/^. stale since \d\d:\d\d:\d\d · reconnecting/);
      await new Promise((r) => setTimeout(r, 2000));
      c.sim.faults.apply('resume');
      await screen.waitFor(/live \(11 watches\)/, 40_000);
      expect(screen.text()).not.toMatch(/stale since/);
      await waitFor(() => livePods('shop-worker-') === before + 2, 20_000, 'the new worker pods on the server');
      // The pods created while the screen was stale are on it now.
      await screen.waitFor(new RegExp(`Pods \\(${c.sim.ctx.store.list(RT.pods, NS).length}\\)`), 20_000);
    } finally {
      c.sim.faults.apply('reset');
      await quit(screen);
    }
  });

  it('a server restart: the screen recovers and follows changes made since', async () => {
    const screen = open();
    try {
      await screen.waitFor(/live \(11 watches\)/, 20_000);
      c.sim.faults.apply('restart');
      scale('shop-worker', 1);
      await waitFor(() => livePods('shop-worker-') === 1 && c.sim.ctx.store.list(RT.pods, NS).length === livePods('shop-'), 20_000, 'one worker pod left');
      await screen.waitFor(new RegExp(`Pods \\(${c.sim.ctx.store.list(RT.pods, NS).length}\\)`), 20_000);
      await screen.waitFor(/live \(11 watches\)/, 20_000);
    } finally {
      await quit(screen);
    }
  });

  it('403 on one resource: the cockpit names it as forbidden and every other pane stays live', async () => {
    const screen = open();
    try {
      await screen.waitFor(/live \(11 watches\)/, 20_000);
      c.sim.faults.apply('forbid=horizontalpodautoscalers');
      c.sim.faults.apply('drop-watches');
      await screen.waitFor(/forbidden: hpas/, 20_000);
      // The HPA pane itself says why its rows cannot be trusted.
      await screen.waitFor(/│✗ forbidden: this account cannot list/, 10_000);
      // Still live elsewhere: a change to the pods reaches the screen.
      scale('shop-worker', 2);
      await waitFor(() => livePods('shop-worker-') === 2, 20_000, 'two worker pods');
      await screen.waitFor(new RegExp(`Pods \\(${c.sim.ctx.store.list(RT.pods, NS).length}\\)`), 20_000);
      expect(healthLine(screen)).not.toMatch(/reconnecting/);
      c.sim.faults.apply('allow=horizontalpodautoscalers');
      await screen.waitFor(/live \(11 watches\)/, 40_000);
      expect(screen.text()).not.toMatch(/cannot list\/watch/);
    } finally {
      c.sim.faults.apply('reset');
      await quit(screen);
    }
  });

  it('an expired token: the cockpit refuses to start with one clear line, never a stack trace', async () => {
    c.sim.faults.apply('expire-token');
    const screen = open(100, 30);
    try {
      const code = await screen.exited;
      expect(code).toBe(2);
      const shown = screen.raw().replace(/\r/g, '').split('\n').filter((l) => l.trim());
      expect(shown).toEqual([`helmdeck: the API server at ${c.sim.url} rejected our credentials (401 Unauthorized): the token may have expired`]);
      expect(screen.raw()).not.toMatch(STACK);
    } finally {
      c.sim.faults.apply('reset');
    }
  });
});
