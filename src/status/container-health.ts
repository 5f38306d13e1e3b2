// Per-container rows for a pod: the spec says which containers exist (a
// pod that is not scheduled yet has no statuses), the status says how they are.
import { count, timeText } from './fields.js';
import type { Container, ContainerState, ContainerStatus, Pod } from './types.js';

/** A container's previous run ended this way (the "Last State" of kubectl describe). */
export interface Termination {
  reason: string;
  exitCode: number;
  /** RFC 3339. */
  finishedAt?: string;
}

/** One container of a pod as the Pods pane's detail view lists it. */
export interface ContainerHealth {
  name: string;
  image: string;
  ready: boolean;
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  restarts: number;
  lastTermination?: Termination;
  /** An init container (sidecars included). */
  init: boolean;
}

// Pods are never mutated in place (the store replaces a changed one), so the rows are computed once per pod object.
const cache = new WeakMap<Pod, ContainerHealth[]>();

/** Init containers first, then app containers, in spec order; status-only containers are kept too. */
export function containerHealth(pod: Pod): ContainerHealth[] {
  let rows = cache.get(pod);
  if (!rows) {
    rows = compute(pod);
    cache.set(pod, rows);
  }
  return rows;
}

function compute(pod: Pod): ContainerHealth[] {
  const status = pod.status ?? {};
  const rows = (specs: Container[] | undefined, statuses: ContainerStatus[] | undefined, init: boolean) => {
    const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
    const named = specs ?? [];
    const out = named.map((spec) => row(spec, byName.get(spec.name), init));
    // A trimmed pod without a spec still has statuses worth showing.
    const specNames = new Set(named.map((c) => c.name));
    for (const s of statuses ?? []) {
      if (!specNames.has(s.name)) out.push(row({ name: s.name, image: s.image }, s, init));
    }
    return out;
  };
  return [
    ...rows(pod.spec?.initContainers, status.initContainerStatuses, true),
    ...rows(pod.spec?.containers, status.containerStatuses, false),
  ];
}

function row(spec: Container, st: ContainerStatus | undefined, init: boolean): ContainerHealth {
  const state = st?.state;
  const { kind, reason, message } = describe(state);
  const last = st?.lastState?.terminated;
  return {
    name: spec.name,
    // The spec's image is what was asked for; the status may show a resolved form.
    image: spec.image ?? st?.image ?? '',
    ready: st?.ready === true,
    state: kind,
    reason,
    message,
    restarts: count(st?.restartCount),
    lastTermination: last
      ? { reason: last.reason ?? (last.signal ? `Signal:${last.signal}` : `ExitCode:${last.exitCode}`), exitCode: last.exitCode, finishedAt: timeText(last.finishedAt) }
      : undefined,
    init,
  };
}

// No state yet (unscheduled, or the kubelet has not reported) reads as waiting without a reason.
function describe(state: ContainerState | undefined): Pick<ContainerHealth, 'reason' | 'message'> & { kind: ContainerHealth['state'] } {
  if (state?.running) return { kind: 'running' };
  if (state?.terminated) {
    const t = state.terminated;
    return { kind: 'terminated', reason: t.reason ?? `ExitCode:${t.exitCode}`, message: t.message || undefined };
  }
  return { kind: 'waiting', reason: state?.waiting?.reason || undefined, message: state?.waiting?.message || undefined };
}
