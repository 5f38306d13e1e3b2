// stop() leaves nothing behind: no timer, no request, no further state
// change — checked against a server that refuses connections, so the
// informer is inside its back-off sleep when it is stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connect } from '../../../src/kube/connection.js';
import { SupervisedInformer } from '../../../src/kube/informer.js';
import type { WatchState } from '../../../src/kube/types.js';
import { waitFor } from '../../helpers/sim-context.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-inf-stop-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Records the timers src/kube/ sets, and whether each fired or was cleared (counting active handles is too noisy). */
function trackKubeTimers() {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const timers = new Map<unknown, { done: boolean }>();
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const mine = /src\/kube\//.test(new Error().stack ?? '');
    const entry = { done: false };
    const handle = realSet((...a: unknown[]) => {
      entry.done = true;
      fn(...a);
    }, ms, ...args);
    if (mine) timers.set(handle, entry);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: NodeJS.Timeout | undefined) => {
    const entry = timers.get(handle);
    if (entry) entry.done = true;
    realClear(handle);
  }) as typeof clearTimeout;
  return {
    pending: () => [...timers.values()].filter((t) => !t.done).length,
    created: () => timers.size,
    restore() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

it('stop() during back-off clears every timer and silences the informer', async () => {
  const file = join(dir, 'kubeconfig');
  const server = `https://127.0.0.1:${await closedPort()}`;
  writeFileSync(
    file,
    YAML.stringify({
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  const conn = connect({ kubeconfig: file, env: {} });
  const timers = trackKubeTimers();
  const states: WatchState[] = [];
  const inf = new SupervisedInformer(conn, { name: 'pods', path: '/api/v1/pods', backoff: { initialMs: 60_000 } }, { upsert() {}, remove() {}, synced() {}, state: (s) => states.push(s) });
  try {
    inf.start();
    await waitFor(() => inf.state.state === 'reconnecting', 5000, 'first failure');
    expect(inf.state).toMatchObject({ state: 'reconnecting', attempt: 1, error: `cannot reach the API server at ${server}: connection refused` });
    expect(timers.pending()).toBeGreaterThanOrEqual(1);
    await inf.stop();
    await inf.stop();
    expect(timers.created()).toBeGreaterThanOrEqual(1);
    expect(timers.pending()).toBe(0);
  } finally {
    timers.restore();
  }
  expect(states.map((s) => s.state)).toEqual(['connecting', 'reconnecting']);
  inf.start();
  expect(states).toHaveLength(2);
});
