// A small world for the cockpit tests: release "shop" (revisions 1 and 2) whose
// web Deployment is mid-rollout with its new pod in CrashLoopBackOff, an HPA,
// a consumer group with lag history, an event for the failing pod and live
// watches; plus runCockpit on a fake terminal with that world.
import { FakeTerminal } from './fake-terminal.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { createDeckStore, type DeckStore } from '../../../src/store/index.js';
import { COCKPIT_COMMANDS } from '../../../src/ui/keys/cockpit-commands.js';
import { buildKeymap } from '../../../src/ui/keys/keymap.js';
import { runCockpit, type CockpitHandle, type RunCockpitOptions } from '../../../src/ui/run-cockpit.js';
import { defaultThemesDir, loadTheme } from '../../../src/ui/theme/load-theme.js';
import { feed, fixture, manifestOf, scenario, shopSecret, simplePod } from '../store/world.js';

/** The new revision's pod, crash-looping (OOMKilled before). */
export const CRASH_POD = 'web-7d4b9c8f6d-g2tmn';
/** The shipped default theme: state.failed is red, which the colour tests look for. */
export const THEME = loadTheme('default', { themesDir: defaultThemesDir() });

const webSpec = () => scenario('deploy-crashloop').workload.spec;
/** Revision 1 (superseded) and 2 (deployed) of release shop. */
export const REV1 = { chartVersion: '1.7.0', appVersion: '2.4.0', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]) };
export const REV2 = { chartVersion: '1.8.0', appVersion: '2.5.0', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]), description: 'Upgrade complete' };

/** An Event about the crash-looping pod, as the API sends it. */
export function backOffEvent(): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${CRASH_POD}.1`, namespace: 'shop', resourceVersion: '9' },
    involvedObject: { kind: 'Pod', name: CRASH_POD, namespace: 'shop' },
    reason: 'BackOff', message: 'Back-off restarting failed container web in pod', type: 'Warning', count: 7,
    lastTimestamp: '2026-11-21T22:29:00Z',
  };
}

/** The store of the world; `extraPods` adds pods the release's Deployment selects (for long lists). */
export function shopWorld(opts: { extraPods?: number } = {}): DeckStore {
  const store = createDeckStore({ connection: { context: 'kind-shop', namespace: 'shop' } });
  feed(store, 'helm-secrets', [shopSecret(1, 'superseded', REV1), shopSecret(2, 'deployed', REV2)]);
  const s = scenario('deploy-crashloop');
  feed(store, 'deployments', [s.workload]);
  feed(store, 'replicasets', s.replicaSets);
  const labels = s.pods[0].metadata.labels;
  const extra = Array.from({ length: opts.extraPods ?? 0 }, (_, i) =>
    simplePod(`web-6c9f7d8b54-x${String(i).padStart(3, '0')}`, { metadata: { name: `web-6c9f7d8b54-x${String(i).padStart(3, '0')}`, namespace: 'shop', labels } }));
  feed(store, 'pods', [...s.pods, ...extra]);
  feed(store, 'hpas', [fixture('hpa/hpa-ok')]);
  feed(store, 'events', [backOffEvent()]);
  const at = Date.parse('2026-11-21T22:00:00Z');
  for (let i = 0; i < 6; i++) {
    store.getState().recordLagSamples('prometheus', [
      { group: 'event-processor', topic: 'events', partition: 0, lag: 600 - i * 100, members: 2, at: at + i * 10_000 },
    ]);
  }
  for (const r of ['pods', 'deployments', 'replicasets', 'hpas', 'events', 'helm-secrets']) store.getState().setWatchState(r, { state: 'live', since: at });
  return store;
}

/** A running cockpit on a fake terminal. */
export interface Session {
  term: FakeTerminal;
  store: DeckStore;
  handle: CockpitHandle;
  commands: { id: string; ctx: unknown }[];
  logs: { pod: string; container: string; previous: boolean }[];
  exited: Promise<void>;
}

/** Starts the cockpit on the shop world at `columns`×`rows`, clock off, and waits for the first frame. */
export async function startCockpit(columns: number, rows: number, opts: Partial<RunCockpitOptions> & { store?: DeckStore } = {}): Promise<Session> {
  const term = new FakeTerminal(columns, rows);
  const store = opts.store ?? shopWorld();
  const commands: Session['commands'] = [];
  const logs: Session['logs'] = [];
  const handle = runCockpit({
    store, release: 'shop', namespace: 'shop', context: 'kind-shop', theme: THEME,
    keymap: buildKeymap({ commands: COCKPIT_COMMANDS, readOnly: opts.readOnly ?? false }),
    readOnly: false, production: false, startedAt: Date.now() - 65_000, clock: false, interactive: true,
    stdout: term.stdout, stdin: term.stdin,
    onCommand: (id, ctx) => commands.push({ id, ctx }),
    onSelectLogs: (pod, container, previous) => logs.push({ pod: pod.name, container, previous }),
    ...opts,
  });
  const exited = handle.waitUntilExit();
  await term.waitFor('shop');
  await term.settle();
  return { term, store, handle, commands, logs, exited };
}
