// How a window is kept in the cluster, so teammates can follow it and its
// record survives the operator's machine: a Lease per release (who drives)
// and the window's journal in labelled ConfigMaps, cut into parts that stay
// far below the API server's 1 MiB object limit. Names, labels and the
// snapshot of what the checklist shows live here, as pure functions, so the
// writer, the follower and `report --release` read one layout.
import type { WindowState } from '../engine/window.js';
import type { KubeObject } from '../kube/types.js';
import { scrubText } from '../journal/scrub.js';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'helmdeck' } as const;
export const RELEASE_LABEL = 'helmdeck.io/release';
export const WINDOW_LABEL = 'helmdeck.io/window';
export const PART_LABEL = 'helmdeck.io/part';

/** Annotations of the lease and of the mirror's first part. */
export const ANNOTATION = {
  operator: 'helmdeck.io/operator',
  host: 'helmdeck.io/host',
  window: 'helmdeck.io/window',
  phase: 'helmdeck.io/phase',
  startedAt: 'helmdeck.io/started-at',
  runbookDigest: 'helmdeck.io/runbook-digest',
  mirror: 'helmdeck.io/mirror',
  takenOverFrom: 'helmdeck.io/taken-over-from',
  takeOverReason: 'helmdeck.io/take-over-reason',
  releases: 'helmdeck.io/releases',
  parts: 'helmdeck.io/parts',
} as const;

/** The journal's bytes per ConfigMap part: with the live snapshot, an object stays under half the 1 MiB limit. */
export const PART_BYTES = 256 * 1024;
/** The live snapshot's bound: helm's output and step evidence are cut to fit. */
export const LIVE_BYTES = 192 * 1024;
/** A journal line longer than this is mirrored as a note saying so (the local journal keeps it whole). */
export const LINE_BYTES = PART_BYTES - 1024;

/** The Lease that says who drives the windows of `release`. */
export function leaseName(release: string): string {
  return `helmdeck-window-${release}`;
}

/**
 * A window's id: its journal file's stamp, lower-cased to be a valid object name
 * ("helmdeck-shop-20261208T010203Z.jsonl" → "shop-20261208t010203z").
 */
export function windowIdOf(journalPath: string): string {
  const base = journalPath.slice(journalPath.lastIndexOf('/') + 1).replace(/\.jsonl$/, '').replace(/^helmdeck-/, '');
  const id = base.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  // ConfigMap names leave room for the "helmdeck-journal-" prefix and the part number.
  return id.length > 200 ? id.slice(id.length - 200) : id || 'window';
}

/** Part `n` of a window's journal. */
export function partName(windowId: string, n: number): string {
  return `helmdeck-journal-${windowId}-${n}`;
}

/** The label selector of everything helmdeck keeps for `release`. */
export function releaseSelector(release: string): string {
  return `app.kubernetes.io/managed-by=helmdeck,${RELEASE_LABEL}=${release}`;
}

/** A Kubernetes MicroTime ("2026-12-08T01:02:03.123000Z"). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** Splits journal lines into parts of at most PART_BYTES; an oversized line becomes a note saying so. */
export function splitParts(lines: readonly string[]): string[][] {
  const parts: string[][] = [[]];
  let size = 0;
  for (const raw of lines) {
    const line = Buffer.byteLength(raw) + 1 > LINE_BYTES ? oversized(raw) : raw;
    const bytes = Buffer.byteLength(line) + 1;
    if (size + bytes > PART_BYTES && parts.at(-1)!.length) {
      parts.push([]);
      size = 0;
    }
    parts.at(-1)!.push(line);
    size += bytes;
  }
  return parts;
}

// The entry keeps its place (seq, time) so the record shows nothing was lost silently.
function oversized(line: string): string {
  let at: unknown;
  let seq: unknown;
  try {
    ({ at, seq } = JSON.parse(line) as { at?: unknown; seq?: unknown });
  } catch {
    // Not JSON: the note says so by its size alone.
  }
  return JSON.stringify({ type: 'note', text: `entry of ${Buffer.byteLength(line)} bytes not mirrored: the operator's journal holds it`, at, seq });
}

/** The journal text of a window from its parts, in part order. */
export function joinParts(parts: readonly KubeObject[]): string {
  return [...parts]
    .sort((a, b) => Number(a.metadata.labels?.[PART_LABEL] ?? 0) - Number(b.metadata.labels?.[PART_LABEL] ?? 0))
    .map((p) => String(p.data?.['journal.jsonl'] ?? ''))
    .join('');
}

/** What a follower sees: the checklist, helm's command and output, the phase — never a plan's values. */
export interface LiveSnapshot {
  /** Epoch ms the snapshot was taken. */
  at: number;
  driver: string;
  startedAt: number;
  /** Set when the window is over ("completed", "verify failed", "operator quit"…). */
  ended?: string;
  current: number;
  upgradePlanned: boolean;
  busy?: string;
  releases: { release: string; namespace: string; phase: string; message?: string }[];
  rows: {
    key: string;
    releaseIndex: number;
    stage: 'preflight' | 'verify';
    step: { id: string; kind: string; title?: string; text?: string; link?: string; required?: boolean };
    state: string;
    summary?: string;
    evidence?: string[];
    progress?: string;
    startedAt?: number;
  }[];
  helm?: { title: string; command: string; output: string[]; startedAt: number; endedAt?: number; exitCode?: number | null; interrupted?: boolean };
}

/** The snapshot of a window's state, scrubbed and cut to LIVE_BYTES. */
export function snapshotOf(w: WindowState, meta: { driver: string; startedAt: number; at: number; ended?: string }): LiveSnapshot {
  const evidenceLines = (lines: readonly string[] | undefined, keep: number) => (lines ?? []).slice(0, keep).map((l) => scrubText(l).slice(0, 400));
  const build = (keepEvidence: number, keepOutput: number): LiveSnapshot => ({
    at: meta.at,
    driver: meta.driver,
    startedAt: meta.startedAt,
    ...(meta.ended ? { ended: meta.ended } : {}),
    current: w.current,
    upgradePlanned: w.upgradePlanned,
    ...(w.busy ? { busy: w.busy } : {}),
    releases: w.releases.map((r) => ({ release: r.plan.release, namespace: r.plan.namespace, phase: r.phase, ...(r.message ? { message: scrubText(r.message) } : {}) })),
    rows: w.rows.map((r) => {
      const s = r.step as { id: string; kind: string; title?: string; text?: string; link?: string; required?: boolean };
      return {
        key: r.key,
        releaseIndex: r.releaseIndex,
        stage: r.stage,
        step: { id: s.id, kind: s.kind, ...(s.title ? { title: s.title } : {}), ...(s.text ? { text: s.text } : {}), ...(s.link ? { link: s.link } : {}), ...(s.required !== undefined ? { required: s.required } : {}) },
        state: r.state,
        ...(r.result ? { summary: scrubText(r.result.override ? `${r.result.summary} — overridden: ${r.result.override.reason}` : r.result.summary), evidence: evidenceLines(r.result.evidence, keepEvidence) } : {}),
        ...(r.progress ? { progress: r.progress } : {}),
        ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}),
      };
    }),
    ...(w.helm
      ? {
          helm: {
            title: w.helm.title,
            command: w.helm.command,
            output: w.helm.output.slice(-keepOutput).map(scrubText),
            startedAt: w.helm.startedAt,
            ...(w.helm.endedAt !== undefined ? { endedAt: w.helm.endedAt } : {}),
            ...(w.helm.exitCode !== undefined ? { exitCode: w.helm.exitCode } : {}),
            ...(w.helm.interrupted ? { interrupted: true } : {}),
          },
        }
      : {}),
  });
  // Most windows fit whole; a huge one gives up evidence first, then helm's older lines.
  for (const [ev, out] of [[20, 200], [3, 50], [0, 10]] as const) {
    const snap = build(ev, out);
    if (Buffer.byteLength(JSON.stringify(snap)) <= LIVE_BYTES) return snap;
  }
  const snap = build(0, 0);
  return { ...snap, rows: snap.rows.slice(0, 400) };
}
