// A running step moves in the checklist — a spinner, the time since it
// started, and what the check says it is doing — and stops moving when it
// ends: nothing spins and nothing is written once no step runs.
import { afterEach, describe, expect, it } from 'vitest';
import { createUpgradeWindow, type UpgradeWindow } from '../../../src/engine/window.js';
import type { Journal } from '../../../src/journal/open-journal.js';
import type { CheckContext } from '../../../src/runbook/checks/index.js';
import { defaultRunbook } from '../../../src/runbook/default-runbook.js';
import type { DeckStore } from '../../../src/store/index.js';
import { sleep } from './fake-terminal.js';
import { startCockpit, type Session } from './cockpit-world.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

function window(store: DeckStore): UpgradeWindow {
  return createUpgradeWindow({
    plans: [defaultRunbook({ release: 'shop', namespace: 'shop', chart: '' }).releases[0]!], upgradePlanned: false, store, helmPath: '/nonexistent/helm', helmEnv: {},
    context: 'kind-shop', contextFor: () => ({}) as CheckContext, upgradeArgv: () => [], journal: async () => ({}) as Journal, interactive: true,
  });
}

describe.each([
  [80, 24],
  [160, 48],
])('a running step at %i×%i', (cols, rows) => {
  it('spins with its elapsed time and progress, and stands still once it is done', async () => {
    session = await startCockpit(cols, rows);
    const w = window(session.store);
    session.handle.setWindow(w);
    await session.term.press('7');
    const key = w.store.getState().rows[0]!.key;
    const setRow = (patch: object) => w.store.setState((s) => ({ rows: s.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
    setRow({ state: 'running', startedAt: Date.now() - 71_000, progress: 'sample 2 of 3' });
    const running = /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) running · 1m(\d\d)s\s+sample 2 of 3/;
    const first = running.exec(await session.term.waitFor(running))!;
    // Another frame of the spinner, then another second.
    await session.term.waitFor((s) => (running.exec(s)?.[1] ?? first[1]) !== first[1]);
    await session.term.waitFor((s) => Number(running.exec(s)?.[2] ?? 0) > Number(first[2]), 3000);

    setRow({ state: 'passed', result: { id: 'x', kind: 'check', status: 'pass', summary: 'all good', evidence: [], startedAt: 0, endedAt: 1 } });
    await session.term.waitFor('all good');
    expect(await session.term.text()).not.toMatch(SPINNER);
    const writes = session.term.writes;
    await sleep(400);
    expect(session.term.writes).toBe(writes);
  });
});
