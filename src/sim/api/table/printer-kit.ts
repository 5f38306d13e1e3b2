// Shared pieces of kubesim's server-side printers: the Table types, column
// definitions, and kubectl's formatting of ages, conditions and empty values.

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  /** PartialObjectMetadata, the full object, or null for includeObject=None. */
  object: unknown;
  conditions?: TableRowCondition[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion: string; continue?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface RowOptions {
  /** What each row carries in `object`; kubectl's default is Metadata. */
  includeObject?: IncludeObject;
  /** Clock for AGE and other durations, in epoch milliseconds. */
  now: number;
}

export interface TableOptions extends RowOptions {
  resourceVersion: string;
  continue?: string;
  /** false leaves columnDefinitions empty, as kube does after the first event of a watch. */
  columns?: boolean;
}


export type Obj = Record<string, any>;
export interface Printer {
  columns: TableColumnDefinition[];
  cells(o: Obj, now: number): unknown[];
  conditions?(o: Obj): TableRowCondition[] | undefined;
}

export const col = (name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition => ({
  name,
  type,
  format,
  description,
  priority,
});
export const NAME = col('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
export const AGE = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');
export const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
export const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
export const SELECTOR = col('Selector', 'string', 'A label query over pods that should match the replica count.', 1);

/** duration.HumanDuration: kubectl's compact age ("45s", "3m2s", "5h10m", "2d3h", "1y30d"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>'; // up to 2s of clock skew still reads as "now"
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

export const ms = (ts: unknown): number => (typeof ts === 'string' && ts ? Date.parse(ts) : NaN);
// translateTimestampSince: an absent or unparsable time prints as "<unknown>".
export const since = (ts: unknown, now: number): string => (Number.isNaN(ms(ts)) ? '<unknown>' : humanDuration(now - ms(ts)));
export const age = (o: Obj, now: number) => since(o.metadata?.creationTimestamp, now);
export const trueCondition = (conds: any[] | undefined, type: string) => (conds ?? []).find((c) => c.type === type)?.status === 'True';
export const orNone = (s: unknown) => (s === undefined || s === null || s === '' ? '<none>' : String(s));

export function containerCells(spec: Obj | undefined): [string, string] {
  const cs: any[] = spec?.containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

