// The pod printer: READY, STATUS and RESTARTS exactly as kubectl derives them.
import { AGE, NAME, age, col, humanDuration, ms, orNone, trueCondition, type Obj, type Printer } from './printer-kit.js';

/** kubectl's READY, STATUS and RESTARTS for a pod, derived from its container statuses. */
export function podStatus(pod: Obj, now: number): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const inits: any[] = spec.initContainers ?? [];
  const sidecar = (name: string) => inits.find((c) => c.name === name)?.restartPolicy === 'Always';
  const total = (spec.containers ?? []).length + inits.filter((c) => c.restartPolicy === 'Always').length;
  let ready = 0;
  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c: Obj) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = NaN;
  let lastSidecarRestart = NaN;
  const later = (a: number, b: number) => (Number.isNaN(a) || b > a ? b : a);

  let initializing = false;
  for (const [i, cs] of (status.initContainerStatuses ?? []).entries()) {
    const finished = ms(cs.lastState?.terminated?.finishedAt);
    restarts += cs.restartCount ?? 0;
    if (!Number.isNaN(finished)) lastRestart = later(lastRestart, finished);
    if (sidecar(cs.name)) {
      sidecarRestarts += cs.restartCount ?? 0;
      if (!Number.isNaN(finished)) lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar(cs.name) && cs.started) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }

  if (!initializing || trueCondition(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    // Walked backwards so the first container's state wins, as in kubectl.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      const finished = ms(cs.lastState?.terminated?.finishedAt);
      if (!Number.isNaN(finished)) lastRestart = later(lastRestart, finished);
      const wait = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = trueCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && !Number.isNaN(lastRestart) ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

export const pod: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'string', 'podIP address allocated to the pod.', 1),
    col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells(o, now) {
    const s = podStatus(o, now);
    const gates: any[] = o.spec?.readinessGates ?? [];
    const conds: any[] = o.status?.conditions ?? [];
    const gateText = gates.length
      ? `${gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length}/${gates.length}`
      : '<none>';
    const ip = o.status?.podIPs?.[0]?.ip ?? o.status?.podIP;
    return [o.metadata.name, s.ready, s.status, s.restarts, age(o, now), orNone(ip), orNone(o.spec?.nodeName), orNone(o.status?.nominatedNodeName), gateText];
  },
  conditions(o) {
    // kubectl uses the Completed row condition to tell finished pods apart.
    if (o.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (o.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

