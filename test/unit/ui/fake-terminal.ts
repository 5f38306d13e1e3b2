// A terminal for the cockpit tests without a pty: Ink writes to a fake TTY
// stdout whose bytes go into @xterm/headless (a real terminal emulator), so
// tests read the screen as the user would see it, cell by cell, and can
// still inspect the raw bytes for colour codes. Keys go in through a fake
// TTY stdin. Import this module before anything that imports ink: chalk
// decides on colour when it loads, and the colour codes are part of what is tested.
process.env.FORCE_COLOR = '1';

import { PassThrough, Writable } from 'node:stream';
import xtermHeadless from '@xterm/headless';

const { Terminal } = xtermHeadless as unknown as { Terminal: typeof import('@xterm/headless').Terminal };

/** Key sequences a terminal sends. */
export const KEYS = {
  tab: '\t', shiftTab: '\x1b[Z', enter: '\r', escape: '\x1b', up: '\x1b[A', down: '\x1b[B',
  pageDown: '\x1b[6~', pageUp: '\x1b[5~', ctrlC: '\x03', backspace: '\x7f',
} as const;

/** A fake terminal of a fixed size. */
export class FakeTerminal {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly term: InstanceType<typeof Terminal>;
  /** Everything written, raw. */
  raw = '';
  /** Number of write() calls: what the idle test counts. */
  writes = 0;

  constructor(public columns: number, public rows: number) {
    // convertEol: a real tty's output processing turns \n into \r\n; Ink relies on it.
    this.term = new Terminal({ cols: columns, rows, allowProposedApi: true, scrollback: 0, convertEol: true });
    const out = new Writable({
      write: (chunk: Buffer | string, _enc, cb) => {
        const text = chunk.toString();
        this.raw += text;
        this.writes++;
        this.term.write(text);
        cb();
      },
    }) as unknown as NodeJS.WriteStream;
    Object.assign(out, { isTTY: true, columns, rows });
    this.stdout = out;
    const input = new PassThrough() as unknown as NodeJS.ReadStream;
    Object.assign(input, { isTTY: true, setRawMode: () => input, ref: () => input, unref: () => input });
    this.stdin = input;
  }

  /** The visible screen, one string per row (right-trimmed), once xterm has parsed every byte. */
  async lines(): Promise<string[]> {
    await new Promise<void>((r) => this.term.write('', r));
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  async text(): Promise<string> {
    return (await this.lines()).join('\n');
  }

  /** Types keys one at a time, as a person would (Ink reads a multi-key chunk as a paste). */
  async press(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.stdin.write(k);
      // Longer than a frame at the cockpit's maxFps (so the key's frame is on screen);
      // an escape alone also waits for Ink's escape-sequence timeout before it counts as Esc.
      await sleep(k === KEYS.escape ? 90 : 50);
    }
  }

  /** Resizes the terminal and tells Ink, like SIGWINCH does. */
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.term.resize(columns, rows);
    Object.assign(this.stdout, { columns, rows });
    this.stdout.emit('resize');
  }

  /** Waits until the screen satisfies `test` (text or predicate); fails with the screen it last saw. */
  async waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs = 3000): Promise<string> {
    const ok = typeof test === 'function' ? test : (s: string) => (typeof test === 'string' ? s.includes(test) : test.test(s));
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.text();
      if (ok(screen)) return screen;
      await sleep(20);
    }
    throw new Error(`screen never showed ${String(test)} within ${timeoutMs} ms; it showed:\n${screen}`);
  }

  /** Waits until nothing has been written for `quietMs`. */
  async settle(quietMs = 120, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let seen = this.writes;
    let since = Date.now();
    while (Date.now() < deadline) {
      await sleep(20);
      if (this.writes !== seen) {
        seen = this.writes;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) return;
    }
  }
}

/** Waits until `cond` holds (polling), so assertions do not depend on how busy the machine is. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${cond.toString()}`);
    await sleep(20);
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// eslint-disable-next-line no-control-regex -- stripping the terminal's escape codes is the point
const ANSI = /\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07/g;

/** Text without escape sequences. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}
