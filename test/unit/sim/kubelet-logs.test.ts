import { describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { formatLogTime, streamPodLogs, type LogOptions } from '../../../src/sim/kubelet/log-endpoint.js';
import { LogStore } from '../../../src/sim/kubelet/log-store.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { apiErrorOf } from '../../helpers/api-error.js';
import { makeContext, waitFor } from '../../helpers/sim-context.js';
import { containerStatus, env, getPod, kubeletClusters, podObject } from './kubelet-helpers.js';

const cluster = kubeletClusters();

/** Collects a stream into a string; `done` resolves when end() is called. */
function sink() {
  let text = '';
  let ended = false;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    out: {
      write(chunk: string) {
        if (ended) throw new Error('write after end');
        text += chunk;
        return true;
      },
      end() {
        if (ended) throw new Error('end called twice');
        ended = true;
        resolve();
      },
    },
    get text() {
      return text;
    },
    get ended() {
      return ended;
    },
    done,
  };
}

function read(ctx: SimContext, pod: KObject, opts: LogOptions = {}): string {
  const s = sink();
  streamPodLogs(ctx, pod, opts, s.out);
  expect(s.ended).toBe(true);
  return s.text;
}

describe('LogStore', () => {
  it('keeps bounded buffers per instance and the previous one after rotate', () => {
    const logs = new LogStore({ maxLinesPerContainer: 3 });
    for (let i = 1; i <= 5; i++) logs.append('u1', 'app', `line ${i}`);
    expect(logs.lines('u1', 'app').map((l) => l.line)).toEqual(['line 3', 'line 4', 'line 5']);
    logs.rotate('u1', 'app');
    logs.append('u1', 'app', 'new');
    expect(logs.lines('u1', 'app').map((l) => l.line)).toEqual(['new']);
    expect(logs.lines('u1', 'app', 'previous').map((l) => l.line)).toEqual(['line 3', 'line 4', 'line 5']);
    logs.forget('u1');
    expect(logs.lines('u1', 'app')).toEqual([]);
  });

  it('formats timestamps with nine fractional digits', () => {
    expect(formatLogTime(Date.UTC(2026, 10, 21, 10, 0, 0, 123) + 0.456)).toBe('2026-11-21T10:00:00.123456000Z');
    expect(formatLogTime(Date.UTC(2026, 10, 21, 10, 0, 0, 123) + 0.9999)).toBe('2026-11-21T10:00:00.124000000Z');
    expect(formatLogTime(Date.UTC(2026, 10, 21, 10, 0, 0, 5))).toBe('2026-11-21T10:00:00.005000000Z');
  });
});

describe('pod logs', () => {
  it('serves KUBESIM_LOG lines, split on real and escaped newlines, with tailLines and timestamps', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('web', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_LOG: 'one\\ntwo\nthree' }) }] }));
    const pod = await waitFor(() => containerStatus(getPod(ctx, 'web'))?.state?.running && getPod(ctx, 'web'));
    expect(read(ctx, pod)).toBe('one\ntwo\nthree\n');
    expect(read(ctx, pod, { tailLines: 2 })).toBe('two\nthree\n');
    expect(read(ctx, pod, { tailLines: 0 })).toBe('');
    expect(read(ctx, pod, { limitBytes: 5 })).toBe('one\nt');
    expect(read(ctx, pod, { sinceSeconds: 60 })).toBe('one\ntwo\nthree\n');
    expect(read(ctx, pod, { sinceTime: new Date(Date.now() + 60_000).toISOString() })).toBe('');
    const stamped = read(ctx, pod, { timestamps: true }).split('\n');
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one$/);
  });

  it('serves the previous instance after a restart', async () => {
    const { ctx } = cluster(100);
    ctx.store.create(RT.pods, podObject('crash', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_LOG: 'booting', KUBESIM_EXIT: '1', KUBESIM_EXIT_AFTER: '1s' }) }] }));
    const first = await waitFor(() => containerStatus(getPod(ctx, 'crash'))?.state?.running && getPod(ctx, 'crash'));
    expect(apiErrorOf(() => read(ctx, first, { previous: true })).message).toBe('previous terminated container "app" in pod "crash" not found');
    ctx.logs.append(first.metadata.uid!, 'app', 'first run only');
    const restarted = await waitFor(() => {
      const p = getPod(ctx, 'crash');
      return containerStatus(p)?.restartCount === 1 && containerStatus(p).state.running && p;
    });
    expect(read(ctx, restarted, { previous: true })).toBe('booting\nfirst run only\n');
    expect(read(ctx, restarted)).toBe('booting\n');
    // During CrashLoopBackOff both current and previous read the instance that last exited.
    const looping = await waitFor(() => containerStatus(getPod(ctx, 'crash'))?.state?.waiting?.reason === 'CrashLoopBackOff' && getPod(ctx, 'crash'));
    expect(read(ctx, looping)).toBe('booting\n');
    expect(read(ctx, looping, { previous: true })).toBe('booting\n');
  });

  it('follows new lines until the container stops', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('tail', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_LOG: 'hello', KUBESIM_EXIT: '0', KUBESIM_EXIT_AFTER: '5s' }) }] }));
    const pod = await waitFor(() => containerStatus(getPod(ctx, 'tail'))?.state?.running && getPod(ctx, 'tail'));
    const s = sink();
    streamPodLogs(ctx, pod, { follow: true }, s.out);
    expect(s.text).toBe('hello\n');
    expect(s.ended).toBe(false);
    ctx.logs.append(pod.metadata.uid!, 'app', 'more');
    expect(s.text).toBe('hello\nmore\n');
    await s.done; // the container exits after 5 simulated seconds
    expect(containerStatus(getPod(ctx, 'tail')).state.terminated).toBeTruthy();
  });

  it('writes a heartbeat line every 30 simulated seconds to a followed container', async () => {
    const { ctx } = cluster(200);
    ctx.store.create(RT.pods, podObject('beat', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_LOG: 'up' }) }] }));
    const pod = await waitFor(() => containerStatus(getPod(ctx, 'beat'))?.state?.running && getPod(ctx, 'beat'));
    const s = sink();
    const cancel = streamPodLogs(ctx, pod, { follow: true }, s.out);
    await waitFor(() => s.text === 'up\nkubesim: heartbeat\n');
    cancel();
  });

  it('stops following when cancelled or when the pod is deleted', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('f', {}));
    const pod = await waitFor(() => containerStatus(getPod(ctx, 'f'))?.state?.running && getPod(ctx, 'f'));
    const a = sink();
    const cancel = streamPodLogs(ctx, pod, { follow: true }, a.out);
    cancel();
    expect(a.ended).toBe(true);
    ctx.logs.append(pod.metadata.uid!, 'app', 'after cancel'); // must not write after end
    const b = sink();
    streamPodLogs(ctx, pod, { follow: true }, b.out);
    ctx.store.delete(RT.pods, 'default', 'f');
    await b.done;
  });

  it('rejects bad requests with the API server and kubelet messages', async () => {
    const { ctx } = cluster();
    ctx.store.create(
      RT.pods,
      podObject('multi', {
        initContainers: [{ name: 'init', image: 'busybox:1.36', env: env({ KUBESIM_LOG: 'init says hi' }) }],
        containers: [
          { name: 'a', image: 'nginx:1.25' },
          { name: 'b', image: 'nginx:1.25' },
        ],
      }),
    );
    ctx.store.create(RT.pods, podObject('pull', { containers: [{ name: 'app', image: 'nginx:missing' }] }));
    const multi = await waitFor(() => getPod(ctx, 'multi')?.status?.initContainerStatuses && getPod(ctx, 'multi'));
    let e = apiErrorOf(() => read(ctx, multi));
    expect(e.code).toBe(400);
    expect(e.message).toBe('a container name must be specified for pod multi, choose one of: [init a b]');
    e = apiErrorOf(() => read(ctx, multi, { container: 'nope' }));
    expect(e.message).toBe('container nope is not valid for pod multi');
    e = apiErrorOf(() => read(ctx, multi, { container: 'a' }));
    expect(e.message).toMatch(/^container "a" in pod "multi" is waiting to start: (ContainerCreating|PodInitializing)$/);
    e = apiErrorOf(() => read(ctx, multi, { tailLines: -1 }));
    expect(e.code).toBe(422);
    // Init containers are valid names.
    await waitFor(() => containerStatus(getPod(ctx, 'multi'), 'init', true)?.state?.terminated);
    expect(read(ctx, getPod(ctx, 'multi')!, { container: 'init' })).toBe('init says hi\n');
    await waitFor(() => containerStatus(getPod(ctx, 'pull'))?.state?.waiting?.reason === 'ImagePullBackOff');
    e = apiErrorOf(() => read(ctx, getPod(ctx, 'pull')!));
    expect(e.message).toBe('container "app" in pod "pull" is waiting to start: trying and failing to pull image');
  });

  it('writes nothing before throwing', () => {
    const ctx = makeContext();
    const pod = ctx.store.create(RT.pods, podObject('x', { nodeName: 'kubesim-node-1' }));
    const s = sink();
    expect(() => streamPodLogs(ctx, pod, {}, s.out)).toThrow('container "app" in pod "x" is not available');
    expect(s.text).toBe('');
    expect(s.ended).toBe(false);
  });
});
