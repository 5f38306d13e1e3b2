// The other end of the mirror: watches a release's window Lease and its
// mirrored ConfigMaps and keeps a window state the checklist pane can show,
// read-only. Every control of the window answers that it is driven elsewhere.
import { createStore } from 'zustand/vanilla';
import type { ReleasePhase, RowState, StepRow, UpgradeWindow, WindowState } from '../engine/window.js';
import { SupervisedInformer } from '../kube/informer.js';
import type { Connection, InformerSink, KubeObject } from '../kube/types.js';
import type { ReleasePlan } from '../runbook/types.js';
import { ANNOTATION, leaseName, PART_LABEL, releaseSelector, WINDOW_LABEL, type LiveSnapshot } from './mirror-format.js';
import { expired, holderOf } from './window-lease.js';

/** A followed window: its read-only controller and how to stop following. */
export interface FollowedWindow {
  window: UpgradeWindow;
  stop(): Promise<void>;
}

/** Follows the window of `release` in `namespace` (the running one, else the last one kept). */
export function followWindow(conn: Connection, namespace: string, release: string, o: { now?: () => number } = {}): FollowedWindow {
  const now = o.now ?? Date.now;
  const store = createStore<WindowState>()(() => ({
    releases: [{ plan: planOf(release, namespace), phase: 'waiting', message: `no window on ${release} is running or kept in ${namespace}: waiting for one to start` }],
    current: 0, rows: [], upgradePlanned: false,
  }));
  const leases = new Map<string, KubeObject>();
  const parts = new Map<string, KubeObject>();
  let shown = '';

  let expiry: NodeJS.Timeout | undefined;
  const refresh = (): void => {
    const lease = leases.get(leaseName(release));
    const holder = lease && holderOf(lease);
    const live = holder && !expired(holder, now()) ? holder : undefined;
    // A driver that vanished leaves its last snapshot without an end: say why it stopped moving.
    const gone = holder && !live ? `driver gone: its lease was not renewed after ${new Date(holder.renewedAt).toISOString().slice(11, 19)} UTC` : undefined;
    clearTimeout(expiry);
    if (live) {
      // An expiry changes nothing in the cluster: look again when it is due.
      expiry = setTimeout(refresh, Math.max(250, live.renewedAt + live.durationSeconds * 1000 - now() + 50));
      expiry.unref();
    }
    // The Lease names the running window; without one, the newest window kept.
    const wanted = live?.window || lease?.metadata.annotations?.[ANNOTATION.window] || newestWindow(parts);
    const first = [...parts.values()].find((p) => p.metadata.labels?.[WINDOW_LABEL] === wanted && p.metadata.labels?.[PART_LABEL] === '0');
    const text = first?.data?.['live.json'];
    if (typeof text !== 'string') {
      // Nothing mirrored yet (or no window at all): say whose window it is and where it stands.
      const message = gone
        ? `the window of ${holder!.operator}@${holder!.host} left nothing mirrored: ${gone}`
        : live
          ? `driven by ${live.operator}@${live.host} (${live.phase || 'starting'}): waiting for its first mirrored state`
          : `no window on ${release} is running or kept in ${namespace}: waiting for one to start`;
      if (shown === message) return;
      shown = message;
      store.setState({ releases: [{ plan: planOf(release, namespace), phase: 'waiting', message }], current: 0, rows: [], upgradePlanned: false }, true);
      return;
    }
    const key = `${text}\u0000${gone ?? ''}`;
    if (key === shown) return;
    try {
      const snap = JSON.parse(text) as LiveSnapshot;
      shown = key;
      store.setState(stateOf(gone && !snap.ended ? { ...snap, ended: gone } : snap), true);
    } catch {
      // A snapshot cut short cannot be: ConfigMaps are written whole. Keep what is shown.
    }
  };
  const sink = (into: Map<string, KubeObject>): InformerSink => ({
    upsert: (obj) => {
      into.set(obj.metadata.name, obj);
      refresh();
    },
    remove: (obj) => {
      into.delete(obj.metadata.name);
      refresh();
    },
    synced: refresh,
    state: () => undefined,
  });
  const ns = encodeURIComponent(namespace);
  const keep = { trim: (obj: KubeObject) => obj };
  const informers = [
    new SupervisedInformer(conn, { name: 'window leases', path: `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, labelSelector: releaseSelector(release), ...keep }, sink(leases)),
    new SupervisedInformer(conn, { name: 'window mirror', path: `/api/v1/namespaces/${ns}/configmaps`, labelSelector: releaseSelector(release), ...keep }, sink(parts)),
  ];
  for (const i of informers) i.start();

  const readOnly = (): never => {
    throw new Error(`following ${release}: the window is driven by ${store.getState().driver ?? 'another operator'}`);
  };
  const window: UpgradeWindow = {
    store,
    runPreflight: async () => readOnly(),
    ack: async () => readOnly(),
    retry: async () => readOnly(),
    override: async () => readOnly(),
    upgradeBlocked: () => `following: the window is driven by ${store.getState().driver ?? 'another operator'}`,
    upgradeCommand: () => '',
    upgrade: async () => readOnly(),
    rollbackTarget: () => undefined,
    rollbackCommand: () => '',
    rollback: async () => readOnly(),
    interrupt: async () => undefined,
    currentPlan: () => undefined,
    cancel: async () => undefined,
    setFailFastHandler: () => undefined,
    halt: () => undefined,
    close: async () => undefined,
  };
  return {
    window,
    async stop() {
      clearTimeout(expiry);
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}

// A followed release's plan: only what the checklist reads; the values stay with the driver.
function planOf(release: string, namespace: string): ReleasePlan {
  return {
    release, namespace, chart: '', values: [], set: {}, preflight: [], verify: [],
    upgrade: { flags: [], timeoutMs: 0, observeMs: 0, onVerifyFailure: 'stop' }, rollback: { notes: [], migrationsForwardOnly: false },
  };
}

function newestWindow(parts: ReadonlyMap<string, KubeObject>): string | undefined {
  let best: KubeObject | undefined;
  for (const p of parts.values()) {
    if (p.metadata.labels?.[PART_LABEL] !== '0') continue;
    const t = Date.parse(p.metadata.creationTimestamp ?? '') || 0;
    const bt = best ? Date.parse(best.metadata.creationTimestamp ?? '') || 0 : -1;
    if (t > bt || (t === bt && (p.metadata.labels?.[WINDOW_LABEL] ?? '') > (best!.metadata.labels?.[WINDOW_LABEL] ?? ''))) best = p;
  }
  return best?.metadata.labels?.[WINDOW_LABEL];
}

/** The window state a snapshot shows (plans carry only what the checklist reads). */
export function stateOf(snap: LiveSnapshot): WindowState {
  const plans = snap.releases.map((r) => planOf(r.release, r.namespace));
  return {
    releases: snap.releases.map((r, i) => ({ plan: plans[i]!, phase: r.phase as ReleasePhase, ...(r.message ? { message: r.message } : {}) })),
    current: snap.current,
    upgradePlanned: snap.upgradePlanned,
    ...(snap.busy ? { busy: snap.busy } : {}),
    rows: snap.rows.map((r): StepRow => ({
      key: r.key,
      releaseIndex: r.releaseIndex,
      stage: r.stage,
      step: r.step as StepRow['step'],
      state: r.state as RowState,
      ...(r.summary !== undefined ? { result: { id: r.step.id, kind: r.step.kind, status: r.state === 'failed' ? 'fail' : r.state === 'passed' ? 'pass' : 'skip', summary: r.summary, evidence: r.evidence ?? [], startedAt: r.startedAt ?? 0, endedAt: snap.at } as StepRow['result'] } : {}),
      ...(r.progress ? { progress: r.progress } : {}),
      ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}),
    })),
    ...(snap.helm ? { helm: snap.helm } : {}),
    driver: `${snap.driver} since ${new Date(snap.startedAt).toISOString().slice(11, 19)} UTC`,
    ...(snap.ended ? { ended: snap.ended } : {}),
  };
}
