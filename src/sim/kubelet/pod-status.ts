// Turns the kubelet's view of a pod's containers into status.phase,
// conditions and container statuses the way the real kubelet's
// generateAPIPodStatus/getPhase do, so kubectl's STATUS column comes out right.
import { timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { qosClass } from './quantity.js';

/** One container as the kubelet tracks it; `state`/`lastState` are API-shaped. */
export interface ContainerModel {
  name: string;
  image: string;
  init: boolean;
  sidecar: boolean;
  state: Record<string, any>;
  lastState: Record<string, any>;
  ready: boolean;
  started: boolean;
  restartCount: number;
  containerID?: string;
  imageID: string;
}

/** Pod-level facts the kubelet knows besides its containers. */
export interface PodModel {
  hostIP: string;
  podIP?: string;
  startTime: string;
  sandboxReady: boolean;
  initDone: boolean;
  /** The pod is being torn down or finished: phase is final. */
  terminal: boolean;
  containers: ContainerModel[];
}

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** getPhase: Pending/Running/Succeeded/Failed from container states and restartPolicy. */
export function podPhase(spec: any, model: PodModel): string {
  const policy = spec?.restartPolicy ?? 'Always';
  const inits = model.containers.filter((c) => c.init && !c.sidecar);
  if (!model.initDone) {
    const failed = inits.some((c) => c.state.terminated && c.state.terminated.exitCode !== 0);
    return failed && policy === 'Never' ? 'Failed' : 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of model.containers.filter((x) => !x.init)) {
    if (c.state.running) running++;
    else if (c.state.terminated) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0 && !model.terminal) return 'Pending';
  if (running > 0 && !model.terminal) return 'Running';
  if (stopped > 0 || model.terminal) {
    if (policy === 'Always' && !model.terminal) return 'Running';
    if (stopped === succeeded && waiting === 0 && running === 0) return 'Succeeded';
    if (policy === 'Never' || model.terminal) return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(type: string, ok: boolean, reason?: string, message?: string): Record<string, any> {
  return { type, status: ok ? 'True' : 'False', ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

function containerStatus(c: ContainerModel): Record<string, any> {
  return {
    name: c.name,
    state: c.state,
    lastState: c.lastState,
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.imageID,
    ...(c.containerID ? { containerID: c.containerID } : {}),
    started: c.started,
  };
}

/** The full status the kubelet writes for `pod` (the stored object), keeping conditions it does not own. */
export function buildPodStatus(pod: KObject, model: PodModel, now: number): Record<string, any> {
  const spec = pod.spec ?? {};
  const phase = podPhase(spec, model);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const mains = model.containers.filter((c) => !c.init);
  const inits = model.containers.filter((c) => c.init);
  const incomplete = inits.filter((c) => (c.sidecar ? !c.started : !(c.state.terminated?.exitCode === 0))).map((c) => c.name);
  const unready = [...inits.filter((c) => c.sidecar), ...mains].filter((c) => !c.ready).map((c) => c.name);
  const gates = (spec.readinessGates ?? []).map((g: any) => g.conditionType as string);
  const existing: any[] = pod.status?.conditions ?? [];
  const gatesOk = gates.every((t: string) => existing.some((c) => c.type === t && c.status === 'True'));
  const unreadyMsg = `containers with unready status: [${unready.join(' ')}]`;
  const conds: Record<string, any>[] = [
    condition('PodReadyToStartContainers', model.sandboxReady && !done),
    done
      ? condition('Initialized', true, 'PodCompleted')
      : condition('Initialized', model.initDone, model.initDone ? undefined : 'ContainersNotInitialized', model.initDone ? undefined : `containers with incomplete status: [${incomplete.join(' ')}]`),
    done
      ? condition('Ready', false, 'PodCompleted')
      : unready.length
        ? condition('Ready', false, 'ContainersNotReady', unreadyMsg)
        : gatesOk
          ? condition('Ready', true)
          : condition('Ready', false, 'ReadinessGatesNotReady', `the status of pod readiness gate "${gates.find((t: string) => !existing.some((c) => c.type === t && c.status === 'True'))}" is not "True", but False`),
    done ? condition('ContainersReady', false, 'PodCompleted') : unready.length ? condition('ContainersReady', false, 'ContainersNotReady', unreadyMsg) : condition('ContainersReady', true),
    existing.find((c) => c.type === 'PodScheduled') ?? condition('PodScheduled', true),
  ];
  const at = timestamp(now);
  const generation = pod.metadata.generation;
  for (const c of conds) {
    const old = existing.find((e) => e.type === c.type);
    c.lastTransitionTime = old && old.status === c.status ? old.lastTransitionTime : at;
    if (old?.lastProbeTime !== undefined) c.lastProbeTime = old.lastProbeTime;
    if (generation !== undefined && c.type !== 'PodScheduled') c.observedGeneration = generation;
  }
  // Conditions others own (DisruptionTarget, readiness gates) are kept as they are.
  for (const e of existing) if (!KUBELET_CONDITIONS.includes(e.type)) conds.push(e);
  const status: Record<string, any> = {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    phase,
    conditions: conds,
    hostIP: model.hostIP,
    hostIPs: [{ ip: model.hostIP }],
    ...(model.podIP ? { podIP: model.podIP, podIPs: [{ ip: model.podIP }] } : {}),
    startTime: model.startTime,
    ...(inits.length ? { initContainerStatuses: inits.map(containerStatus) } : {}),
    containerStatuses: mains.map(containerStatus),
    qosClass: pod.status?.qosClass ?? qosClass(spec),
  };
  return status;
}
