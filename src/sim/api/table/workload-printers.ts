// Printers for workloads: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs.
import { formatLabelSelector, formatLabels, labelSelectorString } from '../../store/selectors.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, age, col, containerCells, humanDuration, ms, since, trueCondition, type Obj, type Printer } from './printer-kit.js';

export const deployment: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    let selector: string;
    try {
      selector = labelSelectorString(o.spec?.selector);
    } catch {
      selector = '<invalid>';
    }
    const s = o.status ?? {};
    return [o.metadata.name, `${s.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(o, now), ...containerCells(o.spec?.template?.spec), selector];
  },
};

export const replicaSet: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    col('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (o, now) => [
    o.metadata.name,
    o.spec?.replicas ?? 1,
    o.status?.replicas ?? 0,
    o.status?.readyReplicas ?? 0,
    age(o, now),
    ...containerCells(o.spec?.template?.spec),
    formatLabelSelector(o.spec?.selector),
  ],
};

export const statefulSet: Printer = {
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  cells: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age(o, now), ...containerCells(o.spec?.template?.spec)],
};

export const daemonSet: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod.'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    const s = o.status ?? {};
    return [
      o.metadata.name,
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(o.spec?.template?.spec?.nodeSelector),
      age(o, now),
      ...containerCells(o.spec?.template?.spec),
      formatLabelSelector(o.spec?.selector),
    ];
  },
};

function jobStatus(o: Obj): string {
  const conds = o.status?.conditions;
  if (trueCondition(conds, 'Complete')) return 'Complete';
  if (trueCondition(conds, 'Failed')) return 'Failed';
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  if (trueCondition(conds, 'Suspended')) return 'Suspended';
  if (trueCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const job: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    const succeeded = o.status?.succeeded ?? 0;
    const parallelism = o.spec?.parallelism ?? 0;
    const completions =
      o.spec?.completions != null ? `${succeeded}/${o.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = ms(o.status?.startTime);
    const end = ms(o.status?.completionTime);
    const duration = Number.isNaN(start) ? '' : humanDuration((Number.isNaN(end) ? now : end) - start);
    return [o.metadata.name, jobStatus(o), completions, duration, age(o, now), ...containerCells(o.spec?.template?.spec), formatLabelSelector(o.spec?.selector)];
  },
};

export const cronJob: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', 'The schedule in Cron format.'),
    col('Timezone', 'string', 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells(o, now) {
    const suspend = o.spec?.suspend;
    const last = o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>';
    const tmpl = o.spec?.jobTemplate?.spec;
    return [
      o.metadata.name,
      o.spec?.schedule ?? '',
      o.spec?.timeZone ?? '<none>',
      suspend === undefined || suspend === null ? '<unset>' : suspend ? 'True' : 'False',
      (o.status?.active ?? []).length,
      last,
      age(o, now),
      ...containerCells(tmpl?.template?.spec),
      formatLabelSelector(tmpl?.selector),
    ];
  },
};

