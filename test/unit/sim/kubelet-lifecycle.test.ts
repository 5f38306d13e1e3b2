import { describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import { waitFor } from '../../helpers/sim-context.js';
import { condition, containerStatus, env, getPod, kubeletClusters, podObject, reasonsFor } from './kubelet-helpers.js';

const cluster = kubeletClusters();

describe('kubelet pod lifecycle', () => {
  it('creates three Ready nodes', () => {
    const { ctx } = cluster();
    const nodes = ctx.store.list(RT.nodes);
    expect(nodes.map((n) => n.metadata.name)).toEqual(['kubesim-node-1', 'kubesim-node-2', 'kubesim-node-3']);
    for (const n of nodes) {
      expect(n.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
      expect(n.status.allocatable).toMatchObject({ cpu: '4', memory: '16Gi', pods: '110' });
      expect(n.status.nodeInfo.kubeletVersion).toBe('v1.35.0');
      expect(n.status.addresses[0].address).toMatch(/^10\.0\.0\.\d+$/);
    }
  });

  it('takes a pod from Pending to Running to Ready with events in order', async () => {
    const { ctx, events } = cluster();
    const phases: string[] = [];
    ctx.store.subscribe((e) => {
      const phase = e.object.status?.phase;
      if (e.rt.key === RT.pods.key && phase && phases[phases.length - 1] !== phase) phases.push(phase);
    });
    ctx.store.create(RT.pods, podObject('web', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_READY_AFTER: '2s' }) }] }));
    const ready = await waitFor(() => condition(getPod(ctx, 'web'), 'Ready')?.status === 'True' && getPod(ctx, 'web'));
    expect(phases).toEqual(['Pending', 'Running']);
    expect(ready.spec.nodeName).toMatch(/^kubesim-node-[123]$/);
    expect(ready.status.podIP).toMatch(/^10\.244\.[123]\.\d+$/);
    expect(ready.status.hostIP).toMatch(/^10\.0\.0\.\d+$/);
    expect(ready.status.qosClass).toBe('BestEffort');
    expect(ready.status.startTime).toBeTruthy();
    expect(ready.status.conditions.map((c: any) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    for (const c of ready.status.conditions) expect(c.lastTransitionTime).toBeTruthy();
    const cs = containerStatus(ready);
    expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0, image: 'nginx:1.25' });
    expect(cs.state.running.startedAt).toBeTruthy();
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(reasonsFor(events, 'web')).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    const scheduled = events.find((e) => e.reason === 'Scheduled')!;
    expect(scheduled.message).toBe(`Successfully assigned default/web to ${ready.spec.nodeName}`);
    expect(scheduled.source.component).toBe('default-scheduler');
    const started = events.find((e) => e.reason === 'Started')!;
    expect(started.involvedObject.fieldPath).toBe('spec.containers{app}');
    expect(started.source.component).toBe('kubelet');
  });

  it('is not ready before KUBESIM_READY_AFTER and never with "never"', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('slow', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_READY_AFTER: 'never' }) }] }));
    ctx.store.create(RT.pods, podObject('late', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_READY_AFTER: '5s' }) }] }));
    const running = await waitFor(() => containerStatus(getPod(ctx, 'late'))?.state?.running && getPod(ctx, 'late'));
    expect(containerStatus(running).ready).toBe(false);
    await waitFor(() => condition(getPod(ctx, 'late'), 'Ready')?.status === 'True');
    // By now the "never" pod, started at the same time, has run for over 5 simulated seconds.
    const slow = getPod(ctx, 'slow');
    expect(containerStatus(slow).state.running).toBeTruthy();
    expect(containerStatus(slow).ready).toBe(false);
    expect(condition(slow, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
  });

  it('reports a missing image as ErrImagePull then ImagePullBackOff', async () => {
    const { ctx, events } = cluster();
    ctx.store.create(RT.pods, podObject('bad', { containers: [{ name: 'app', image: 'registry.local:5000/shop/web:missing-1.2' }] }));
    const reasons: string[] = [];
    ctx.store.subscribe((e) => {
      const r = containerStatus(e.object)?.state?.waiting?.reason;
      if (e.rt.key === RT.pods.key && r && reasons[reasons.length - 1] !== r) reasons.push(r);
    });
    const backoff = await waitFor(() => containerStatus(getPod(ctx, 'bad'))?.state?.waiting?.reason === 'ImagePullBackOff' && getPod(ctx, 'bad'));
    expect(reasons).toContain('ErrImagePull');
    expect(reasons.indexOf('ErrImagePull')).toBeLessThan(reasons.indexOf('ImagePullBackOff'));
    expect(containerStatus(backoff).state.waiting.message).toContain('Back-off pulling image "registry.local:5000/shop/web:missing-1.2"');
    const failed = events.filter((e) => e.involvedObject.name === 'bad' && e.reason === 'Failed').map((e) => e.message);
    expect(failed[0]).toBe(
      'Failed to pull image "registry.local:5000/shop/web:missing-1.2": rpc error: code = NotFound desc = failed to pull and unpack image "registry.local:5000/shop/web:missing-1.2": failed to resolve reference "registry.local:5000/shop/web:missing-1.2": registry.local:5000/shop/web:missing-1.2: not found',
    );
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed).toContain('Error: ImagePullBackOff');
    expect(backoff.status.phase).toBe('Pending');
    // It keeps trying: the next pull fails again after the back-off.
    await waitFor(() => reasons.lastIndexOf('ErrImagePull') > reasons.indexOf('ImagePullBackOff'));
  });

  it('does not treat a registry port or a digest as a missing tag', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('port', { containers: [{ name: 'app', image: 'missing:5000/app:1.0' }] }));
    ctx.store.create(RT.pods, podObject('digest', { containers: [{ name: 'app', image: `app:missing@sha256:${'a'.repeat(64)}` }] }));
    await waitFor(() => containerStatus(getPod(ctx, 'port'))?.state?.running && containerStatus(getPod(ctx, 'digest'))?.state?.running);
  });

  it('crash-loops a container that exits 1 with growing restartCount and lastState', async () => {
    const { ctx, events } = cluster(100);
    ctx.store.create(RT.pods, podObject('crash', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_EXIT: '1', KUBESIM_EXIT_AFTER: '1s' }) }] }));
    const looping = await waitFor(() => {
      const cs = containerStatus(getPod(ctx, 'crash'));
      return cs?.state?.waiting?.reason === 'CrashLoopBackOff' && getPod(ctx, 'crash');
    });
    const cs = containerStatus(looping);
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(cs.state.waiting.message).toBe(`back-off 10s restarting failed container=app pod=crash_default(${looping.metadata.uid})`);
    expect(looping.status.phase).toBe('Running');
    const backOff = events.find((e) => e.involvedObject.name === 'crash' && e.reason === 'BackOff')!;
    expect(backOff.type).toBe('Warning');
    expect(backOff.message).toBe(`Back-off restarting failed container app in pod crash_default(${looping.metadata.uid})`);
    const later = await waitFor(() => {
      const s = containerStatus(getPod(ctx, 'crash'));
      return s?.restartCount > cs.restartCount && s.state.waiting?.reason === 'CrashLoopBackOff' && s;
    }, 15_000);
    expect(later.state.waiting.message).toContain('back-off 20s');
  });

  it('reports exit code 137 as OOMKilled', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('oom', { containers: [{ name: 'app', image: 'nginx:1.25', env: env({ KUBESIM_EXIT: '137' }) }] }));
    const cs = await waitFor(() => {
      const s = containerStatus(getPod(ctx, 'oom'));
      return (s?.state?.terminated ?? s?.lastState?.terminated) && s;
    });
    expect(cs.state.terminated ?? cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('runs a restartPolicy Never pod to Succeeded or Failed', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.pods, podObject('ok', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', env: env({ KUBESIM_EXIT: '0', KUBESIM_EXIT_AFTER: '1s' }) }] }));
    ctx.store.create(RT.pods, podObject('ko', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', env: env({ KUBESIM_EXIT: '2' }) }] }));
    ctx.store.create(RT.pods, podObject('hook', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] }));
    const ok = await waitFor(() => getPod(ctx, 'ok')?.status?.phase === 'Succeeded' && getPod(ctx, 'ok'));
    expect(containerStatus(ok).state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(condition(ok, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const ko = await waitFor(() => getPod(ctx, 'ko')?.status?.phase === 'Failed' && getPod(ctx, 'ko'));
    expect(containerStatus(ko)).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } });
    // Without a script, a run-to-completion container (a helm hook Job) succeeds on its own.
    await waitFor(() => getPod(ctx, 'hook')?.status?.phase === 'Succeeded');
  });

  it('runs init containers first and shows a failing one as Init:CrashLoopBackOff', async () => {
    const { ctx } = cluster(100);
    ctx.store.create(
      RT.pods,
      podObject('init', {
        initContainers: [{ name: 'migrate', image: 'busybox:1.36', env: env({ KUBESIM_EXIT: '0', KUBESIM_EXIT_AFTER: '2s' }) }],
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      }),
    );
    const initializing = await waitFor(() => containerStatus(getPod(ctx, 'init'), 'migrate', true)?.state?.running && getPod(ctx, 'init'));
    expect(containerStatus(initializing).state.waiting.reason).toBe('PodInitializing');
    expect(condition(initializing, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [migrate]' });
    const done = await waitFor(() => condition(getPod(ctx, 'init'), 'Ready')?.status === 'True' && getPod(ctx, 'init'));
    expect(containerStatus(done, 'migrate', true)).toMatchObject({ ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } });

    ctx.store.create(
      RT.pods,
      podObject('badinit', {
        initContainers: [{ name: 'migrate', image: 'busybox:1.36', env: env({ KUBESIM_EXIT: '3' }) }],
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      }),
    );
    const seen = new Set<string>();
    ctx.store.subscribe((e) => {
      const s = containerStatus(e.object, 'migrate', true);
      if (e.object.metadata.name === 'badinit' && s?.state?.terminated) seen.add(`Init:${s.state.terminated.reason}`);
    });
    const looping = await waitFor(() => {
      const s = containerStatus(getPod(ctx, 'badinit'), 'migrate', true);
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' && getPod(ctx, 'badinit');
    });
    expect(seen.has('Init:Error')).toBe(true);
    expect(looping.status.phase).toBe('Pending');
    expect(containerStatus(looping, 'migrate', true).lastState.terminated.exitCode).toBe(3);
    expect(containerStatus(looping).state.waiting.reason).toBe('PodInitializing');
  });

  it('blocks a container whose Secret is missing with CreateContainerConfigError', async () => {
    const { ctx, events } = cluster();
    ctx.store.create(
      RT.pods,
      podObject('cfg', { containers: [{ name: 'app', image: 'nginx:1.25', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] }),
    );
    const blocked = await waitFor(() => containerStatus(getPod(ctx, 'cfg'))?.state?.waiting?.reason === 'CreateContainerConfigError' && getPod(ctx, 'cfg'));
    expect(containerStatus(blocked).state.waiting.message).toBe('secret "db" not found');
    expect(events.some((e) => e.reason === 'Failed' && e.message === 'Error: secret "db" not found')).toBe(true);
    ctx.store.create(RT.secrets, { metadata: { name: 'db', namespace: 'default' }, data: { password: 'cw==' } });
    await waitFor(() => containerStatus(getPod(ctx, 'cfg'))?.state?.running);
  });

  it('stops containers on deletion and then removes the pod', async () => {
    const { ctx, events } = cluster();
    ctx.store.create(RT.pods, podObject('gone', {}));
    const pod = await waitFor(() => containerStatus(getPod(ctx, 'gone'))?.state?.running && getPod(ctx, 'gone'));
    const seen: string[] = [];
    ctx.store.subscribe((e) => {
      if (e.rt.key === RT.pods.key && e.object.metadata.name === 'gone') seen.push(e.type === 'DELETED' ? 'DELETED' : containerStatus(e.object).state.terminated ? 'terminated' : 'other');
    });
    const marked = ctx.store.delete(RT.pods, 'default', 'gone');
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    await waitFor(() => !getPod(ctx, 'gone'));
    expect(seen.slice(-2)).toEqual(['terminated', 'DELETED']);
    const killing = events.find((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'Killing')!;
    expect(killing.message).toBe('Stopping container app');
  });
});
