// Driving the cockpit from the keyboard as an operator would: focus, help,
// the `/` filter, details with Enter, quitting, and the dangerous commands
// that are handed to the caller (or refused with the reason).
import { KEYS, until } from './fake-terminal.js';
import { afterEach, describe, expect, it } from 'vitest';
import { COCKPIT_COMMANDS } from '../../../src/ui/keys/cockpit-commands.js';
import { buildKeymap } from '../../../src/ui/keys/keymap.js';
import { CRASH_POD, startCockpit, type Session } from './cockpit-world.js';

const SIZES = [[80, 24], [160, 48]] as const;

let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

// Title of the focused pane: at 80×24 the only frame; in the grid, the one whose title is bold.
async function focusedTitle(s: Session): Promise<string> {
  await s.term.lines();
  const buf = s.term.term.buffer.active;
  for (let y = 0; y < s.term.rows; y++) {
    const line = buf.getLine(y)!;
    const text = line.translateToString(true);
    for (const m of text.matchAll(/┌─ (\d [A-Z][\w ]+?)(?: \(| ─)/g)) {
      if (line.getCell(m.index + 3)!.isBold()) return m[1]!;
    }
  }
  return '';
}

describe('focus', () => {
  it.each(SIZES)('at %i×%i moves with Tab, Shift-Tab and the number keys', async (cols, rows) => {
    session = await startCockpit(cols, rows);
    const s = session;
    const focusIs = (title: string) => until(async () => (await focusedTitle(s)) === title);
    await focusIs('1 Pods');
    await s.term.press(KEYS.tab);
    await focusIs('2 Rollout');
    await s.term.press('5');
    await focusIs('5 Helm history');
    await s.term.press(KEYS.shiftTab);
    await focusIs('4 Consumer lag');
    await s.term.press('7', KEYS.tab);
    await focusIs('1 Pods');
    // Exactly one pane is focused at a time.
    expect(await focusedTitle(s)).toBe('1 Pods');
    // The key bar follows the focused pane's scope.
    await session.term.press('5');
    await session.term.waitFor('r rollback to');
  });
});

describe('help', () => {
  it.each(SIZES)('at %i×%i lists every command of the keymap, scrolled with PgDn', async (cols, rows) => {
    session = await startCockpit(cols, rows);
    await session.term.press('?');
    await session.term.waitFor('Keys — Esc closes');
    let seen = '';
    for (let i = 0; i < 10; i++) {
      const lines = await session.term.lines();
      // The overlay's inside, lines joined (and spaces collapsed) so descriptions wrapped at a space read whole again.
      seen += ` ${lines.slice(3, -2).map((l) => l.slice(1, -1)).join(' ')}`.replace(/\s+/g, ' ');
      if (!lines.some((l) => /↓ \d+ more/.test(l))) break;
      await session.term.press(KEYS.pageDown);
      // A loaded machine may draw the next page later than the key's pause.
      await until(async () => (await session!.term.lines()).join('\n') !== lines.join('\n'));
    }
    const keymap = buildKeymap({ commands: COCKPIT_COMMANDS });
    for (const e of keymap.entries) {
      expect(seen, e.command.id).toContain(e.command.description);
      expect(seen, e.command.id).toContain(`[${e.command.id}]`);
    }
    await session.term.press(KEYS.escape);
    await session.term.waitFor('┌─ 1 Pods');
  });
});

describe('filter', () => {
  it('`/` narrows the pods as you type, Enter keeps it, Esc clears it', async () => {
    session = await startCockpit(80, 24);
    await session.term.press('/', 'g', '2', 't');
    // "g2" already narrows to one pod: wait for the last key's frame, not the first narrowed one.
    let screen = await session.term.waitFor('/g2t▏');
    expect(screen).toContain('1 Pods (1 of 4)');
    expect(screen).toContain(CRASH_POD);
    expect(screen).not.toContain('web-6c9f7d8b54-qz4gf');
    await session.term.press(KEYS.enter);
    screen = await session.term.waitFor('Esc clears');
    expect(screen).toContain('1 Pods (1 of 4)');
    await session.term.press(KEYS.escape);
    screen = await session.term.waitFor('1 Pods (4)');
    expect(screen).toContain('web-6c9f7d8b54-qz4gf');
  });
});

describe('details', () => {
  it.each(SIZES)('at %i×%i Enter on a pod shows its containers, images, last termination and events', async (cols, rows) => {
    session = await startCockpit(cols, rows);
    await session.term.press('G', KEYS.enter);
    const screen = await session.term.waitFor(`Pod shop/${CRASH_POD}`);
    expect(screen).toContain('Containers');
    expect(screen).toMatch(/web +✗ waiting: CrashLoopBackOff +ready no +restarts 4/);
    expect(screen).toContain('image registry.example.com/shop/web:2.5.0');
    expect(screen).toMatch(/Last termination +web: OOMKilled \(exit 137\)/);
    expect(screen).toMatch(/Warning BackOff ×7 +Back-off restarting failed container web/);
    await session.term.press(KEYS.escape);
    await session.term.waitFor('┌─ 1 Pods (4)');
  });

  it('Enter on a revision shows chart, app version, description, values and the manifest', async () => {
    session = await startCockpit(160, 48);
    await session.term.press('5', 'j', KEYS.enter);
    const screen = await session.term.waitFor('Revision 1 of shop');
    expect(screen).toMatch(/Status +\? superseded/);
    expect(screen).toMatch(/Chart +web 1\.7\.0/);
    expect(screen).toMatch(/App version +2\.4\.0/);
    expect(screen).toMatch(/Description +Install complete/);
    expect(screen).toContain('User values');
    expect(screen).toContain('Manifest (Secret data hidden)');
    expect(screen).toContain('kind: Deployment');
  });
});

describe('quit', () => {
  it.each([['q', 'q'], ['Ctrl-C', KEYS.ctrlC]])('%s leaves the cockpit and restores the terminal', async (_name, key) => {
    session = await startCockpit(80, 24);
    await session.term.press(key);
    await session.exited;
    expect(session.term.raw.indexOf('\x1b[?1049h')).toBeGreaterThanOrEqual(0);
    expect(session.term.raw.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(session.term.raw.lastIndexOf('\x1b[?1049h'));
    expect(session.term.raw.endsWith('\x1b[?25h')).toBe(true);
    session = undefined;
  });

  it('a render error still restores the terminal, and waitUntilExit rejects with it', async () => {
    session = await startCockpit(80, 24);
    const exited = session.exited.then(() => 'resolved', (e: Error) => e.message);
    // A corrupt store: the pane selectors throw while rendering.
    session.store.setState({ pods: null as never });
    expect(await exited).toMatch(/null|undefined/);
    expect(session.term.raw.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(session.term.raw.lastIndexOf('\x1b[?1049h'));
    session = undefined;
  });

  it('a failing command handler is reported, not fatal', async () => {
    session = await startCockpit(80, 24, { onCommand: () => { throw new Error('helm not found'); } });
    await session.term.press('R');
    await session.term.waitFor('helm.rollback: helm not found');
    await session.term.press('2');
    await session.term.waitFor('┌─ 2 Rollout');
  });

  it('asks for a second press while helm is running', async () => {
    session = await startCockpit(80, 24, { commandContext: () => ({ busy: 'helm upgrade is running' }) });
    let done = false;
    void session.exited.then(() => (done = true));
    await session.term.press('q');
    await session.term.waitFor('press quit again');
    expect(done).toBe(false);
    await session.term.press('q');
    await session.exited;
    session = undefined;
  });
});

describe('redraw', () => {
  it('Ctrl-L writes the whole frame again and restarts every watch', async () => {
    let restarts = 0;
    session = await startCockpit(80, 24, { restartWatches: () => restarts++ });
    const before = await session.term.lines();
    // Something else scribbles over the screen.
    session.term.term.write('\x1b[5;3HGARBAGE');
    expect(await session.term.text()).toContain('GARBAGE');
    await session.term.press('\x0c');
    await until(async () => !(await session!.term.text()).includes('GARBAGE'));
    await session.term.settle();
    expect(restarts).toBe(1);
    // The same frame, bar the status line that now says what happened.
    const after = await session.term.lines();
    expect(after[1]).toContain('every watch is listing again');
    expect([after[0], ...after.slice(2)]).toEqual([before[0], ...before.slice(2)]);
  });
});

describe('dangerous commands', () => {
  it('hands rollback to the caller with the revision it would return to', async () => {
    session = await startCockpit(80, 24);
    await session.term.press('R');
    await until(() => session!.commands.length === 1);
    expect(session.commands).toEqual([{ id: 'helm.rollback', ctx: expect.objectContaining({ release: 'shop', deployedRevision: 2, previousGoodRevision: 1 }) }]);
    await session.term.press('5', 'j', 'r');
    await until(() => session!.commands.length === 2);
    expect(session.commands[1]).toEqual({ id: 'helm.rollbackTo', ctx: expect.objectContaining({ selectedRevision: 1 }) });
  });

  it('refuses a disabled command with its reason, and says "not available yet" without a handler', async () => {
    session = await startCockpit(80, 24, { onCommand: undefined });
    await session.term.press('U');
    await session.term.waitFor('upgrade: no chart to upgrade to');
    await session.term.press('R');
    await session.term.waitFor('rollback: not available here');
    await session.term.press('5', 'r');
    await session.term.waitFor('rollback to: this revision is deployed now');
  });

  it('are absent in read-only mode', async () => {
    session = await startCockpit(80, 24, { keymap: buildKeymap({ commands: COCKPIT_COMMANDS, readOnly: true }), readOnly: true });
    await session.term.press('R', 'U', '5', 'r');
    // Keys are handled in order: once 5 has focused history, R, U and r have been seen.
    const screen = await session.term.waitFor('┌─ 5 Helm history');
    expect(session.commands).toEqual([]);
    expect(screen).not.toContain('rollback');
    expect(screen).not.toContain('upgrade');
  });
});
