// Kubernetes Events as the cockpit keeps them: only the fields a pane shows,
// and only the newest N. An event storm during a rollout must not grow the
// heap, and a full Event carries managedFields, source and series blocks
// nobody reads. Both core/v1 and events.k8s.io/v1 shapes are accepted.
import type { KubeObject } from '../kube/types.js';

/** One Event, trimmed to what the panes show. */
export interface DeckEvent {
  name: string;
  namespace?: string;
  involvedObject: { kind: string; name: string; namespace?: string; uid?: string };
  reason: string;
  message: string;
  /** "Normal" or "Warning". */
  type: string;
  count: number;
  lastTimestamp?: string;
  eventTime?: string;
  /** Epoch ms of the newest time the event carries (0 when it carries none): the order for trimming. */
  at: number;
}

/** Trims a core/v1 or events.k8s.io/v1 Event to a DeckEvent. */
export function trimEvent(obj: KubeObject): DeckEvent {
  const regarding = obj.involvedObject ?? obj.regarding ?? {};
  const series = obj.series ?? {};
  const lastTimestamp = text(obj.lastTimestamp) ?? text(obj.deprecatedLastTimestamp) ?? text(series.lastObservedTime);
  const eventTime = text(obj.eventTime);
  const times = [lastTimestamp, eventTime, text(obj.firstTimestamp), text(obj.metadata.creationTimestamp)];
  const at = Math.max(0, ...times.map((t) => (t ? Date.parse(t) : NaN)).filter((n) => !Number.isNaN(n)));
  const ev: DeckEvent = {
    name: obj.metadata.name,
    involvedObject: { kind: String(regarding.kind ?? ''), name: String(regarding.name ?? '') },
    reason: String(obj.reason ?? ''),
    message: String(obj.message ?? obj.note ?? ''),
    type: String(obj.type ?? 'Normal'),
    count: firstCount(obj.count, series.count, obj.deprecatedCount),
    at,
  };
  if (obj.metadata.namespace) ev.namespace = obj.metadata.namespace;
  if (regarding.namespace) ev.involvedObject.namespace = String(regarding.namespace);
  if (regarding.uid) ev.involvedObject.uid = String(regarding.uid);
  if (lastTimestamp) ev.lastTimestamp = lastTimestamp;
  if (eventTime) ev.eventTime = eventTime;
  return ev;
}

/**
 * Keeps the `max` newest events by time (insertion order breaks ties), as a
 * new Map in that order. A relist delivers events in name order, so arrival
 * order alone would keep arbitrary ones.
 */
export function keepNewestEvents(events: Map<string, DeckEvent>, max: number): Map<string, DeckEvent> {
  if (events.size <= max) return events;
  const entries = [...events.entries()].map((e, i) => ({ e, i }));
  entries.sort((a, b) => a.e[1].at - b.e[1].at || a.i - b.i);
  return new Map(entries.slice(entries.length - max).map((x) => x.e));
}

// client-node hands Dates, raw JSON hands strings.
function text(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function firstCount(...vs: unknown[]): number {
  for (const v of vs) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return 1;
}
