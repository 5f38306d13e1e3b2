// runHelm against a stand-in helm: a real process (a node script) that prints
// lines, waits, and records which signals it receives — so the test sees what
// helm itself would see, not what a mock was told.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHelm, type HelmStream } from '../../../src/helm/actions/run-helm.js';

let dir: string;
let fakeHelm: string;

// The fake helm's behaviour is chosen by its first argument.
const script = `#!${process.execPath}
const fs = require('node:fs');
const [mode, file] = process.argv.slice(2);
const record = (s) => fs.appendFileSync(file, s + '\\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  if (mode === 'stream') {
    console.log('Release "shop" is upgrading');
    console.error('level=WARN msg="slow"');
    // Waits for the test to answer the first line: only possible if it was streamed.
    for (let i = 0; i < 500 && !fs.existsSync(file); i++) await sleep(10);
    if (!fs.existsSync(file)) { console.log('never heard back'); process.exit(3); }
    process.stdout.write('STATUS: deployed\\nno newline at the end');
    process.exit(0);
  }
  if (mode === 'sigint') {
    process.on('SIGINT', () => { record('SIGINT'); console.log('Release shop has been cancelled.'); setTimeout(() => process.exit(1), 50); });
    process.on('SIGTERM', () => { record('SIGTERM'); process.exit(2); });
    console.log('waiting');
    setInterval(() => {}, 1000);
  }
  if (mode === 'stubborn') {
    // Records SIGINT and SIGTERM but ignores both, then exits by itself after
    // 5.5 s — longer than execa's default SIGKILL delay (5 s).
    process.on('SIGINT', () => record('SIGINT'));
    process.on('SIGTERM', () => { record('SIGTERM'); setTimeout(() => process.exit(0), 5500); });
    console.log('waiting');
    setInterval(() => {}, 1000);
  }
})();
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-runhelm-'));
  fakeHelm = join(dir, 'helm');
  writeFileSync(fakeHelm, script);
  chmodSync(fakeHelm, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function signals(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

describe('runHelm', () => {
  it('streams stdout and stderr lines while helm runs and returns both in full', async () => {
    const marker = join(dir, 'answered');
    const lines: [HelmStream, string][] = [];
    const run = runHelm(fakeHelm, ['stream', marker], {
      onLine: (stream, line) => {
        lines.push([stream, line]);
        if (line.startsWith('Release')) writeFileSync(marker, 'go');
      },
    });
    expect(run.pid).toBeGreaterThan(0);
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(r.signal).toBeUndefined();
    expect(r.interrupted).toBe(false);
    // stdout and stderr are two pipes: order holds within a stream, not across them.
    expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual(['Release "shop" is upgrading', 'STATUS: deployed', 'no newline at the end']);
    expect(lines.filter(([s]) => s === 'stderr').map(([, l]) => l)).toEqual(['level=WARN msg="slow"']);
    // Streaming, not buffering: the first line arrived while helm was still waiting for the marker.
    expect(lines[0]).toEqual(['stdout', 'Release "shop" is upgrading']);
    expect(r.stdout).toBe('Release "shop" is upgrading\nSTATUS: deployed\nno newline at the end');
    expect(r.stderr).toBe('level=WARN msg="slow"');
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('interrupt() sends SIGINT, and helm exits by itself', async () => {
    const file = join(dir, 'sigint.log');
    const run = runHelm(fakeHelm, ['sigint', file], { onLine: (_s, line) => line === 'waiting' && run.interrupt() });
    const r = await run;
    expect(signals(file)).toEqual(['SIGINT']);
    expect(r.exitCode).toBe(1);
    expect(r.interrupted).toBe(true);
    expect(r.stdout).toContain('has been cancelled');
  });

  it('an aborted signal interrupts the same way', async () => {
    const file = join(dir, 'abort.log');
    const ac = new AbortController();
    const r = await runHelm(fakeHelm, ['sigint', file], { signal: ac.signal, onLine: () => ac.abort() });
    expect(signals(file)).toEqual(['SIGINT']);
    expect(r.interrupted).toBe(true);
  });

  it('escalates to SIGTERM after the grace period, and never to SIGKILL', async () => {
    const file = join(dir, 'stubborn.log');
    const run = runHelm(fakeHelm, ['stubborn', file], { graceMs: 200, onLine: () => run.interrupt() });
    const r = await run;
    expect(signals(file)).toEqual(['SIGINT', 'SIGTERM']);
    // Still alive 5.5 s after SIGTERM, it exited on its own: no SIGKILL came.
    expect(r.signal).toBeUndefined();
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeGreaterThan(5000);
  }, 20_000);

  it('a second interrupt() sends SIGTERM at once', async () => {
    const file = join(dir, 'twice.log');
    const run = runHelm(fakeHelm, ['sigint', file], {
      graceMs: 60_000,
      onLine: () => {
        run.interrupt();
        run.interrupt();
      },
    });
    const r = await run;
    // Both signals are sent back to back; which the script handles first is up to its event loop.
    expect(signals(file)).toContain('SIGTERM');
    expect(r.exitCode).toBeGreaterThan(0);
    // Well inside the 60 s grace: the second call did not wait for it.
    expect(r.durationMs).toBeLessThan(10_000);
  });

  it('reports a helm that cannot start instead of throwing', async () => {
    const r = await runHelm(join(dir, 'no-such-helm'), ['version']);
    expect(r.exitCode).toBeUndefined();
    expect(r.spawnError).toMatch(/ENOENT|no-such-helm/);
  });
});
