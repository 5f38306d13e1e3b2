// A helm started for a check (a dry run) must not outlive what started it:
// a cancelled step stops it with SIGTERM, then SIGKILL when it ignores that,
// and helmdeck exiting takes it along. Checked with stand-in helms that
// ignore every signal they can, and with real process ids.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHelm } from '../../../src/helm/actions/run-helm.js';
import { waitFor } from '../../helpers/sim-context.js';

let dir: string;
let deaf: string;
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-disposable-'));
  deaf = join(dir, 'helm');
  // Ignores SIGINT and SIGTERM, writes its pid, and would run for 100 s.
  writeFileSync(deaf, '#!/bin/sh\ntrap "" INT TERM\necho $$ > "$1"\nsleep 100\n');
  chmodSync(deaf, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a disposable helm', () => {
  it('is stopped by an abort, with SIGKILL after the grace when it ignores SIGTERM', async () => {
    const pidFile = join(dir, 'abort.pid');
    const ac = new AbortController();
    const started = Date.now();
    const run = runHelm(deaf, [pidFile], { disposable: true, signal: ac.signal });
    await waitFor(() => readFileSync(pidFile, 'utf8').trim() !== '', 5000, 'the stand-in to start');
    ac.abort();
    const r = await run;
    expect(r.interrupted).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('dies with the process that started it', async () => {
    const pidFile = join(dir, 'exit.pid');
    // The built module (npm run build): a plain node parent, as helmdeck runs.
    const runHelmModule = resolve(import.meta.dirname, '../../../dist/helm/actions/run-helm.js');
    // A parent that starts the helm and exits as soon as it has run.
    const parent = `import { runHelm } from ${JSON.stringify(runHelmModule)};
import { existsSync, readFileSync } from 'node:fs';
runHelm(${JSON.stringify(deaf)}, [${JSON.stringify(pidFile)}], { disposable: true });
const t = setInterval(() => { if (existsSync(${JSON.stringify(pidFile)}) && readFileSync(${JSON.stringify(pidFile)}, 'utf8').trim()) { clearInterval(t); process.exit(0); } }, 20);`;
    await execa(process.execPath, ['--input-type=module', '--eval', parent], { timeout: 20_000 });
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(pid).toBeGreaterThan(0);
    await waitFor(() => !alive(pid), 5000, `helm stand-in ${pid} to die with its parent`);
  }, 30_000);
});
