// `helmdeck watch` paints before helm has said its version: the maintenance
// window (R, r, the checklist) is handed to the running cockpit afterwards.
// Until then the caller's onCommand stands in for it; after, the panes, the
// key bar and the keys use the window, with the same stores and screen state.
import { afterEach, describe, expect, it } from 'vitest';
import { createUpgradeWindow, type UpgradeWindow } from '../../../src/engine/window.js';
import type { Journal } from '../../../src/journal/open-journal.js';
import type { CheckContext } from '../../../src/runbook/checks/index.js';
import { defaultRunbook } from '../../../src/runbook/default-runbook.js';
import type { ReleasePlan } from '../../../src/runbook/types.js';
import type { DeckStore } from '../../../src/store/index.js';
import { startCockpit, type Session } from './cockpit-world.js';

let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

// What watch makes: the built-in runbook, nothing to upgrade, verify after a rollback.
const PLAN: ReleasePlan = defaultRunbook({ release: 'shop', namespace: 'shop', chart: '' }).releases[0]!;

function watchWindow(store: DeckStore): UpgradeWindow {
  return createUpgradeWindow({
    plans: [PLAN], upgradePlanned: false, store, helmPath: '/nonexistent/helm', helmEnv: {}, context: 'kind-shop',
    contextFor: () => ({}) as CheckContext, upgradeArgv: () => [], journal: async () => ({}) as Journal, interactive: true,
  });
}

describe('a window handed over after the first frame', () => {
  it('replaces the stand-in: the checklist shows it and R asks to roll back', async () => {
    session = await startCockpit(160, 48);
    const s = session;
    expect(await s.term.text()).not.toContain('nothing to upgrade here');
    // Before: R goes to the caller's stand-in.
    await s.term.press('R');
    expect(s.commands.map((c) => c.id)).toEqual(['helm.rollback']);
    await s.term.press('5');

    const w = watchWindow(s.store);
    const c = s.handle.setWindow(w);
    expect(c.window).toBe(w);
    expect(c.onCommand).toBeUndefined();
    await s.term.waitFor('watching: nothing to upgrade here');
    // The focus moved to History before the window came, and stays there.
    await s.term.waitFor('r rollback to');
    await s.term.press('R');
    await s.term.waitFor('Roll back shop from revision 2 to revision 1');
    expect(s.commands.map((x) => x.id)).toEqual(['helm.rollback']);
  });

  it('without one (no working helm): R says why instead of waiting', async () => {
    session = await startCockpit(160, 48);
    session.handle.setWindow(undefined);
    await session.term.press('R');
    await session.term.waitFor('no helm binary');
    expect(session.commands).toEqual([]);
  });
});
