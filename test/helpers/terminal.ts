// The end-to-end harness: the real bin/helmdeck in a pseudo-terminal
// (node-pty), its output read by a real terminal emulator (@xterm/headless),
// so tests assert on what the user would see, cell by cell.
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import * as pty from 'node-pty';
import { repoRoot } from './cluster.js';

const { Terminal } = xtermHeadless as unknown as { Terminal: typeof import('@xterm/headless').Terminal };

export interface Screen {
  /** The visible screen, one string per row, right-trimmed. */
  lines(): string[];
  text(): string;
  /** Foreground colour of the first cell where `needle` appears on screen (xterm palette index or RGB), or undefined. */
  colorOf(needle: string): { mode: 'default' | 'palette' | 'rgb'; color: number } | undefined;
  /** Whether the alternate screen buffer is active. */
  alternate(): boolean;
  write(data: string): void;
  /** Waits until the screen shows `match` (or the predicate holds for its text). */
  waitFor(match: string | RegExp | ((text: string) => boolean), timeoutMs?: number): Promise<void>;
  resize(cols: number, rows: number): void;
  /** Resolves with the exit code once the program ends. */
  exited: Promise<number>;
  kill(signal?: string): void;
  /** Everything the program wrote, raw. */
  raw(): string;
}

export interface SpawnOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs `bin/helmdeck args` in a pty of the given size. */
export function spawnHelmdeck(args: string[], opts: SpawnOptions = {}): Screen {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
  const proc = pty.spawn(process.execPath, [join(repoRoot, 'bin', 'helmdeck'), ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '1', ...opts.env } as Record<string, string>,
  });
  let raw = '';
  proc.onData((d) => {
    raw += d;
    term.write(d);
  });
  const exited = new Promise<number>((resolve) => proc.onExit(({ exitCode }) => resolve(exitCode)));
  const lines = () => {
    const buf = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  const flush = () => new Promise<void>((r) => term.write('', r));
  return {
    lines,
    text: () => lines().join('\n'),
    colorOf(needle) {
      const buf = term.buffer.active;
      for (let y = 0; y < term.rows; y++) {
        const line = buf.getLine(buf.viewportY + y);
        const x = line?.translateToString(false).indexOf(needle) ?? -1;
        if (line && x >= 0) {
          const cell = line.getCell(x)!;
          const mode = cell.isFgDefault() ? 'default' : cell.isFgRGB() ? 'rgb' : 'palette';
          return { mode, color: cell.getFgColor() };
        }
      }
      return undefined;
    },
    alternate: () => term.buffer.active.type === 'alternate',
    write: (data) => proc.write(data),
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const test = (s: string) => (typeof match === 'string' ? s.includes(match) : typeof match === 'function' ? match(s) : match.test(s));
      while (Date.now() < deadline) {
        await flush();
        if (test(lines().join('\n'))) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`screen never showed ${String(match)} within ${timeoutMs} ms; screen was:\n${lines().join('\n')}`);
    },
    resize(c, r) {
      proc.resize(c, r);
      term.resize(c, r);
    },
    exited,
    kill: (signal) => proc.kill(signal),
    raw: () => raw,
  };
}

/** Types keys one at a time, letting the program read each on its own (keys written together arrive as a paste). */
export async function press(screen: Screen, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    screen.write(key);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Closes any prompt (Esc), then presses q; resolves with the exit code, or
 * 'still running' after killing a program that did not quit in time.
 */
export async function closeAndQuit(screen: Screen, timeoutMs = 15_000): Promise<number | 'still running'> {
  // A lone Esc is held for a moment in case an escape sequence follows; q right after it would read as Alt+q.
  await press(screen, '\x1b');
  await new Promise((r) => setTimeout(r, 600));
  await press(screen, 'q');
  const code = await Promise.race([screen.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), timeoutMs))]);
  if (code === 'still running') screen.kill();
  return code;
}
