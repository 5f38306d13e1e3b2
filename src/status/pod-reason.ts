// kubectl's STATUS and READY columns for a pod, following printPod in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go step for step,
// so what helmdeck shows matches what the operator sees in `kubectl get pods`.
import { conditionIs } from './fields.js';
import type { Container, ContainerStatus, Pod } from './types.js';

/** What kubectl prints for a pod, plus which container's state decided the reason. */
export interface PodReason {
  /** The STATUS column, verbatim. */
  reason: string;
  readyContainers: number;
  totalContainers: number;
  /** True while an init container (not a started sidecar) is still in the way. */
  initializing: boolean;
  /** The container whose waiting/terminated state set `reason`, for its message. */
  source?: ContainerStatus;
}

// node.NodeUnreachablePodReason: set by the node lifecycle controller.
const NODE_LOST = 'NodeLost';

/** A sidecar: an init container with restartPolicy Always (KEP-753). */
export function isSidecar(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/** kubectl printPod's STATUS/READY computation. */
export function podReason(pod: Pod): PodReason {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = spec.initContainers ?? [];
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  let source: ContainerStatus | undefined;
  let readyContainers = 0;
  // A trimmed pod may lack its spec; fall back to the statuses the kubelet reported.
  const mainCount = spec.containers?.length ?? status.containerStatuses?.length ?? 0;
  const totalContainers = mainCount + initSpecs.filter(isSidecar).length;

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map(initSpecs.map((c) => [c.name, c]));
  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (isSidecar(initByName.get(c.name)) && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    initializing = true;
    source = c;
    if (term) {
      // The init container failed; kubectl prefixes its reason with Init:.
      if (term.reason) reason = `Init:${term.reason}`;
      else reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
      source = undefined;
    }
    break;
  }

  if (!initializing || conditionIs(status.conditions, 'Initialized')) {
    let hasRunning = false;
    const containers = status.containerStatuses ?? [];
    // Walk backwards like kubectl: the first container with a reason wins.
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i]!;
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) {
        reason = wait.reason;
        source = c;
      } else if (term?.reason) {
        reason = term.reason;
        source = c;
      } else if (term) {
        reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
        source = c;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // One container finished but another still runs: the pod is not Completed.
    if (reason === 'Completed' && hasRunning) {
      reason = conditionIs(status.conditions, 'Ready') ? 'Running' : 'NotReady';
      source = undefined;
    }
  }

  const deleting = Boolean(pod.metadata?.deletionTimestamp);
  if (deleting && status.reason === NODE_LOST) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  return { reason, readyContainers, totalContainers, initializing, source };
}
