// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for
// (Accept: application/json;as=Table;v=v1;g=meta.k8s.io). Columns and cell
// values follow kube's pkg/printers/internalversion printers in their wide
// form (the API server always prints wide; kubectl hides priority>0 columns).
import { apiVersionOf, type KObject, type ResourceType } from '../../store/types.js';
import { persistentVolumeClaim } from './claim-printer.js';
import { endpointSlice, endpoints } from './endpoint-printers.js';
import { configMap, event, hpa, lease, namespace, node, pdb, secret, service, serviceAccount } from './other-printers.js';
import { pod } from './pod-printer.js';
import { AGE, NAME, age, type Printer, type RowOptions, type Table, type TableColumnDefinition, type TableOptions, type TableRow } from './printer-kit.js';
import { cronJob, daemonSet, deployment, job, replicaSet, statefulSet } from './workload-printers.js';

export { humanDuration, type IncludeObject, type Table, type TableColumnDefinition, type TableRow, type TableRowCondition, type RowOptions, type TableOptions } from './printer-kit.js';
export { podStatus } from './pod-printer.js';

const generic: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] };

const PRINTERS: Record<string, Printer> = {
  '/pods': pod,
  '/services': service,
  '/configmaps': configMap,
  '/secrets': secret,
  '/serviceaccounts': serviceAccount,
  '/events': event,
  '/namespaces': namespace,
  '/nodes': node,
  '/endpoints': endpoints,
  '/persistentvolumeclaims': persistentVolumeClaim,
  'discovery.k8s.io/endpointslices': endpointSlice,
  'apps/deployments': deployment,
  'apps/replicasets': replicaSet,
  'apps/statefulsets': statefulSet,
  'apps/daemonsets': daemonSet,
  'batch/jobs': job,
  'batch/cronjobs': cronJob,
  'autoscaling/horizontalpodautoscalers': hpa,
  'policy/poddisruptionbudgets': pdb,
  'coordination.k8s.io/leases': lease,
};
const printerFor = (rt: ResourceType): Printer => (Object.hasOwn(PRINTERS, rt.key) ? PRINTERS[rt.key]! : generic);

/** The column definitions kube's printer declares for this resource (Name/Age for unknown kinds). */
export function columnDefinitions(rt: ResourceType): TableColumnDefinition[] {
  return printerFor(rt).columns.map((c) => ({ ...c }));
}

/** One Table row for an object: its cells plus the object in the requested form. */
export function toTableRow(rt: ResourceType, obj: KObject, opts: RowOptions): TableRow {
  const printer = printerFor(rt);
  const include = opts.includeObject ?? 'Metadata';
  const object =
    include === 'None'
      ? null
      : include === 'Object'
        ? { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(rt), kind: obj.kind ?? rt.kind }
        : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  const row: TableRow = { cells: printer.cells(obj, opts.now), object };
  const conditions = printer.conditions?.(obj);
  if (conditions) row.conditions = conditions;
  return row;
}

/** A meta.k8s.io/v1 Table of objects; with columns=false (later watch events) columnDefinitions is empty. */
export function toTable(rt: ResourceType, objects: KObject[], opts: TableOptions): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion, ...(opts.continue ? { continue: opts.continue } : {}) },
    columnDefinitions: opts.columns === false ? [] : columnDefinitions(rt),
    rows: objects.map((o) => toTableRow(rt, o, opts)),
  };
}
