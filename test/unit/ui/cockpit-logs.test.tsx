// The Logs pane: picking a pod's log (the stream itself is the caller's,
// through onSelectLogs), following and pausing, the regex filter with its
// highlight, timestamps, wrap and the previous container's log.
import { KEYS } from './fake-terminal.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../../src/store/index.js';
import { logViewId } from '../../../src/ui/log-view-id.js';
import { CRASH_POD, startCockpit, THEME, type Session } from './cockpit-world.js';

const VIEW = logViewId({ namespace: 'shop', pod: CRASH_POD, container: 'web', previous: false });

function lines(from: number, n: number, text = (i: number) => `line ${i} applied ${i} migrations`): LogLine[] {
  return Array.from({ length: n }, (_, k) => ({ pod: CRASH_POD, container: 'web', time: `2026-11-21T22:20:${String((from + k) % 60).padStart(2, '0')}.123456Z`, text: text(from + k) }));
}

let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

describe('Logs pane', () => {
  it('l on a pod asks the caller for its log and shows the view as lines arrive', async () => {
    session = await startCockpit(80, 24);
    await session.term.press('G', 'l');
    await session.term.waitFor(`6 Logs ${CRASH_POD}/web`);
    expect(session.logs).toEqual([{ pod: CRASH_POD, container: 'web', previous: false }]);
    expect(await session.term.text()).toContain(`Waiting for the log of ${CRASH_POD}/web`);
    session.store.getState().appendLogs(VIEW, lines(0, 40));
    const screen = await session.term.waitFor('line 39 applied 39 migrations');
    expect(screen).toContain('following · 40 lines');
    expect(screen).not.toContain('line 20 applied');
    // The newest line is at the bottom of the pane.
    const rows = await session.term.lines();
    expect(rows[rows.length - 3]).toContain('line 39');
  });

  it('focusing Logs shows the log of the pod selected in Pods', async () => {
    session = await startCockpit(160, 48);
    await session.term.press('j', '6');
    await session.term.waitFor('6 Logs web-6c9f7d8b54-qz4gf/web');
    expect(session.logs).toEqual([{ pod: 'web-6c9f7d8b54-qz4gf', container: 'web', previous: false }]);
    // Back to the same pod: the stream is kept, not asked for again.
    await session.term.press('1', '6');
    await session.term.waitFor((s) => /┌─ 6 Logs/.test(s));
    // Another pod: its log.
    await session.term.press('1', 'G', '6');
    await session.term.waitFor(`6 Logs ${CRASH_POD}/web`);
    expect(session.logs.map((l) => l.pod)).toEqual(['web-6c9f7d8b54-qz4gf', CRASH_POD]);
  });

  it('pauses with f, keeps its place while lines arrive, and follows again at the bottom (G)', async () => {
    session = await startCockpit(80, 24);
    await session.term.press('G', 'l');
    session.store.getState().appendLogs(VIEW, lines(0, 40));
    await session.term.waitFor('line 39 applied');
    await session.term.press('f');
    await session.term.waitFor('paused');
    session.store.getState().appendLogs(VIEW, lines(40, 5));
    let screen = await session.term.waitFor('45 lines');
    expect(screen).toContain('line 39 applied');
    expect(screen).not.toContain('line 44 applied');
    await session.term.press('k', 'k');
    screen = await session.term.waitFor((s) => !s.includes('line 39 applied'));
    expect(screen).toContain('line 37 applied');
    await session.term.press('G');
    screen = await session.term.waitFor('line 44 applied');
    expect(screen).toContain('following');
  });

  it('/ filters by regex and highlights the matches in the theme’s highlight style', async () => {
    session = await startCockpit(80, 24);
    await session.term.press('G', 'l');
    session.store.getState().appendLogs(VIEW, lines(0, 30, (i) => (i % 10 === 3 ? `applied ${i} migrations` : `GET /ready 200 (${i})`)));
    await session.term.waitFor('GET /ready 200 (29)');
    await session.term.press('/', 'applied \\d+ migrations', KEYS.enter);
    const screen = await session.term.waitFor('3 of 30 lines');
    expect(screen).not.toContain('GET /ready');
    expect(screen).toMatch(/applied 3 migrations[\s\S]*applied 13 migrations[\s\S]*applied 23 migrations/);
    // log.highlight in the default theme: black on yellow.
    expect(THEME.tokens.log.highlight).toMatchObject({ fg: 'black', bg: 'yellow' });
    // eslint-disable-next-line no-control-regex -- the colour codes are the point
    expect(session.term.raw).toMatch(/\x1b\[(30;43|43;30|43m\x1b\[30|30m\x1b\[43)m?applied 23 migrations/);
    await session.term.press('/', '(');
    await session.term.waitFor('not a regex');
  });

  it('t shows timestamps, w wraps long lines, p asks for the previous container', async () => {
    session = await startCockpit(80, 24);
    await session.term.press('G', 'l');
    session.store.getState().appendLogs(VIEW, lines(0, 1, () => `start ${'x'.repeat(100)} END`));
    await session.term.waitFor('start xxx');
    expect(await session.term.text()).not.toContain('END');
    await session.term.press('t');
    await session.term.waitFor('22:20:00.123 start');
    await session.term.press('w');
    await session.term.waitFor('xx END');
    await session.term.press('p');
    await session.term.waitFor(`6 Logs ${CRASH_POD}/web (previous)`);
    expect(session.logs.at(-1)).toEqual({ pod: CRASH_POD, container: 'web', previous: true });
    await session.term.press('c');
    await session.term.waitFor('container: the pod has one container');
  });
});
