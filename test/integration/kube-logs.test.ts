// Log streaming against kubesim: followLogs over the pod log endpoint, and
// LogTail following every container of a deployment's pods — new pods,
// reconnects without lost or repeated lines, a bounded buffer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { KubeError } from '../../src/kube/kube-error.js';
import { LogTail, type TaggedLine } from '../../src/kube/log-tail.js';
import { followLogs, type LogLine } from '../../src/kube/logs.js';
import type { Connection, KubeObject } from '../../src/kube/types.js';
import type { TestCluster } from '../helpers/cluster.js';
import { createNamespace, startConnectedCluster } from '../helpers/kube-cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let conn: Connection;

beforeAll(async () => ({ c, conn } = await startConnectedCluster()));
afterAll(async () => {
  await c?.stop();
});

const env = (log: string, extra: Record<string, string> = {}) =>
  Object.entries({ KUBESIM_LOG: log, ...extra }).map(([name, value]) => ({ name, value }));

/** A pod with one container; restartPolicy Always keeps it running (kubesim ends Never pods after 1 simulated s unless KUBESIM_EXIT says otherwise). */
function pod(ns: string, name: string, log: string, extra: Record<string, string> = {}, restartPolicy: 'Always' | 'Never' = 'Always'): void {
  c.sim.ctx.store.create(RT.pods, {
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { restartPolicy, containers: [{ name: 'main', image: 'registry.example.invalid/app:1', env: env(log, extra) }] },
  });
}

function deployment(ns: string, name: string, replicas: number): void {
  c.sim.ctx.store.create(RT.deployments, {
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          initContainers: [{ name: 'migrate', image: 'registry.example.invalid/migrate:1', env: env('migrating schema\\napplied 3 migrations') }],
          containers: [{ name: 'web', image: 'registry.example.invalid/web:1', env: env('listening on :8080') }],
        },
      },
    },
  });
}

function running(ns: string, name: string): KubeObject | undefined {
  const p = c.sim.ctx.store.get(RT.pods, ns, name) as KubeObject | undefined;
  return p?.status?.containerStatuses?.every((s: any) => s.state?.running) ? p : undefined;
}

const podsOf = (ns: string, app: string) => c.sim.ctx.store.list(RT.pods, ns).filter((p) => p.metadata.labels?.app === app);

function lineKeys(lines: TaggedLine[]): string[] {
  return lines.map((l) => `${l.pod}/${l.container}@${l.time} ${l.text}`);
}

describe('followLogs', () => {
  it('streams a running container line by line with parsed timestamps, until stopped', async () => {
    const ns = createNamespace(c, 'kl-follow');
    pod(ns, 'talker', 'one\\ntwo\\nthree');
    await waitFor(() => running(ns, 'talker'), 10_000, 'pod running');
    const lines: LogLine[] = [];
    let ended = 0;
    const s = followLogs(conn, { namespace: ns, pod: 'talker', container: 'main', timestamps: true }, (l) => lines.push(l), () => ended++);
    try {
      await waitFor(() => lines.length >= 3, 10_000, 'three lines');
      expect(lines.slice(0, 3).map((l) => l.text)).toEqual(['one', 'two', 'three']);
      for (const l of lines) expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    } finally {
      s.stop();
    }
    await s.done;
    expect(ended).toBe(0);
  });

  it('ends when the container exits, and reports API errors with their message', async () => {
    const ns = createNamespace(c, 'kl-end');
    pod(ns, 'short', 'bye', { KUBESIM_EXIT: '0', KUBESIM_EXIT_AFTER: '20s' }, 'Never');
    await waitFor(() => running(ns, 'short'), 10_000, 'pod running');
    const lines: LogLine[] = [];
    const ends: (KubeError | undefined)[] = [];
    const s = followLogs(conn, { namespace: ns, pod: 'short', container: 'main' }, (l) => lines.push(l), (e) => ends.push(e));
    await s.done;
    expect(ends).toEqual([undefined]);
    expect(lines.map((l) => l.text)).toEqual(['bye']);

    const errs: (KubeError | undefined)[] = [];
    const bad = followLogs(conn, { namespace: ns, pod: 'short', container: 'nope' }, () => {}, (e) => errs.push(e));
    await bad.done;
    expect(errs).toHaveLength(1);
    expect(errs[0]).toBeInstanceOf(KubeError);
    expect(errs[0]!.statusCode).toBe(400);
    expect(errs[0]!.message).toContain('container nope is not valid for pod short');
  });
});

describe('LogTail', () => {
  it('follows init and main containers of every pod, picks up new pods, and survives dropped streams', async () => {
    const ns = createNamespace(c, 'kl-tail');
    deployment(ns, 'web', 1);
    let afterDrop: TaggedLine[] | undefined;
    const tail = new LogTail(conn, { namespace: ns, selector: 'app=web', onLine: (l) => afterDrop?.push(l) });
    tail.start();
    try {
      const linesOf = (podName: string) => tail.buffer.toArray().filter((l) => l.pod === podName);
      const first = await waitFor(() => podsOf(ns, 'web')[0]?.metadata.name, 10_000, 'first pod');
      await waitFor(() => linesOf(first).length >= 3, 15_000, 'lines of the first pod');
      expect(linesOf(first).map((l) => `${l.container}: ${l.text}`)).toEqual(['migrate: migrating schema', 'migrate: applied 3 migrations', 'web: listening on :8080']);

      // A pod that appears later is picked up.
      const dep = c.sim.ctx.store.get(RT.deployments, ns, 'web')!;
      c.sim.ctx.store.update(RT.deployments, { ...dep, spec: { ...dep.spec, replicas: 2 } });
      const second = await waitFor(() => podsOf(ns, 'web').find((p) => p.metadata.name !== first)?.metadata.name, 10_000, 'second pod');
      await waitFor(() => linesOf(second).some((l) => l.text === 'listening on :8080'), 15_000, 'lines of the second pod');

      // Streams cut by the server are resumed from the last line: new lines arrive, none repeat.
      await waitFor(() => tail.counts.streaming === 2, 10_000, 'two web streams open');
      afterDrop = [];
      c.sim.faults.apply('drop-watches');
      // Heartbeats come every 3 s: one from each pod after the drop means both streams were resumed.
      await waitFor(() => [first, second].every((name) => afterDrop!.some((l) => l.pod === name && l.text === 'kubesim: heartbeat')), 20_000, 'heartbeats after the drop');
      await waitFor(() => tail.counts.streaming === 2, 10_000, 'streams reopened');
      const keys = lineKeys(tail.buffer.toArray());
      expect(keys.length).toBe(new Set(keys).size);
      expect(linesOf(first).filter((l) => l.text === 'listening on :8080')).toHaveLength(1);
      expect(tail.buffer.dropped).toBe(0);
    } finally {
      await tail.stop();
    }
    expect(tail.counts).toEqual({ following: 0, streaming: 0 });
  });

  it('keeps a bounded buffer and counts what it dropped; follows pods handed to it by its owner', async () => {
    const ns = createNamespace(c, 'kl-bounded');
    const text = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\\n');
    pod(ns, 'chatty', text);
    pod(ns, 'other', 'not me');
    const p = await waitFor(() => running(ns, 'chatty'), 10_000, 'pod running');
    const other = await waitFor(() => running(ns, 'other'), 10_000, 'other pod running');
    const seen: TaggedLine[] = [];
    const tail = new LogTail(conn, { namespace: ns, selector: 'app=chatty', maxLines: 5, informer: false, onLine: (l) => seen.push(l) });
    try {
      tail.start();
      tail.setPods([p, other]);
      await waitFor(() => seen.length >= 12, 10_000, 'all twelve lines');
      expect(tail.buffer.size).toBe(5);
      expect(tail.buffer.dropped).toBe(seen.length - 5);
      expect(tail.buffer.toArray().map((l) => l.text)).toEqual(seen.slice(-5).map((l) => l.text));
      expect(seen.every((l) => l.pod === 'chatty' && l.container === 'main')).toBe(true);
      expect(tail.counts.streaming).toBe(1);
      tail.setPods([]);
      expect(tail.counts).toEqual({ following: 0, streaming: 0 });
    } finally {
      await tail.stop();
    }
  });
});
