// Idle costs nothing: with the clock off and the store unchanged nothing is
// written, and a store change no pane shows commits no React render at all.
// With the clock on, only the clock and the pods' ages change, once a minute.
import { FakeTerminal, sleep, until } from './fake-terminal.js';
import { render } from 'ink';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { COCKPIT_COMMANDS } from '../../../src/ui/keys/cockpit-commands.js';
import { buildKeymap } from '../../../src/ui/keys/keymap.js';
import { createCockpit } from '../../../src/ui/run-cockpit.js';
import { CRASH_POD, shopWorld, startCockpit, THEME, type Session } from './cockpit-world.js';

let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

describe('idle', () => {
  it('writes nothing for 500 ms after the first frame when the clock is off and nothing changes', async () => {
    session = await startCockpit(160, 48, { clock: false });
    const before = session.term.writes;
    expect(before).toBeGreaterThan(0);
    await sleep(500);
    expect(session.term.writes).toBe(before);
  });

  it('with the clock on, writes nothing between minute ticks (clock.test.tsx covers the tick itself)', async () => {
    // Start just after a minute boundary so no tick falls inside the window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await sleep(60_000 - intoMinute + 200);
    session = await startCockpit(80, 24, { clock: true });
    const before = await session.term.lines();
    const writes = session.term.writes;
    await sleep(1300);
    expect(session.term.writes).toBe(writes);
    expect(await session.term.lines()).toEqual(before);
  });

  it('a store change that no pane shows renders nothing', async () => {
    const term = new FakeTerminal(160, 48);
    const store = shopWorld();
    const opts = {
      store, release: 'shop', namespace: 'shop', context: 'kind-shop', theme: THEME, keymap: buildKeymap({ commands: COCKPIT_COMMANDS }),
      readOnly: false, production: false, startedAt: Date.now(), clock: false, stdout: term.stdout, stdin: term.stdin,
    };
    let commits = 0;
    const cockpit = createCockpit(opts, { exit: () => {}, redraw: () => {} });
    const ink = render(<Profiler id="cockpit" onRender={() => commits++}><App cockpit={cockpit} /></Profiler>, {
      stdout: term.stdout, stdin: term.stdin, interactive: true, exitOnCtrlC: false, patchConsole: false,
    });
    await term.waitFor('1 Pods');
    await term.settle();
    const settled = commits;
    // A log view nobody looks at, and a warning-free reconnect of a watch that was already live.
    store.getState().appendLogs('pod/shop/elsewhere/app', [{ pod: 'elsewhere', container: 'app', text: 'hello' }]);
    store.getState().setConnection({ server: 'https://other.example:6443' });
    await sleep(100);
    expect(commits).toBe(settled);
    // The control: a change the Pods pane shows does render.
    store.getState().setWatchState('pods', { state: 'reconnecting', since: Date.now(), error: 'EOF', attempt: 1 });
    await term.waitFor('reconnecting (pods)');
    expect(commits).toBeGreaterThan(settled);
    ink.unmount();
  });
});

describe('pod ages', () => {
  afterEach(() => vi.useRealTimers());

  it('move with the minute tick while no pod changes', async () => {
    // Time runs, and can be jumped to the next minute.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date(2026, 10, 21, 22, 30, 10));
    session = await startCockpit(80, 24, { clock: true });
    const ageOf = async () => / (\d+[smhd]) worker/.exec((await session!.term.lines()).find((l) => l.includes(CRASH_POD))!)?.[1];
    const before = await ageOf();
    expect(before).toMatch(/^\d+m$/);
    await vi.advanceTimersByTimeAsync(60_000);
    // Two ticks: one minute later a pod's age in whole minutes may not have moved yet.
    await vi.advanceTimersByTimeAsync(60_000);
    await until(async () => (await ageOf()) !== before);
    expect(await session.term.text()).toContain('22:32');
  });
});
