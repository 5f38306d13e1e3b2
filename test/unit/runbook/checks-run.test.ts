// The run step with real child processes (node itself): argv without a
// shell, save to a 0600 file with placeholders, exit codes, timeouts,
// missing programs, and credentials kept off the evidence.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/runbook/checks/index.js';
import { fill, run } from '../../../src/runbook/checks/run.js';

const node = process.execPath;
let workdir: string;
beforeEach(() => {
  workdir = mkdtempSync(join(tmpdir(), 'helmdeck-run-'));
});
afterEach(() => rmSync(workdir, { recursive: true, force: true }));

const ctx = (over = {}) => ({ workdir, now: Date.now, vars: { date: '2026-11-21T2300', release: 'beacon', revision: 12 }, ...over }) as never;
const step = (command: string[], over = {}) => ({ id: 'r', title: 'r', required: true, kind: 'run' as const, command, timeoutMs: 10_000, ...over });

describe('fill', () => {
  it('replaces the placeholders, and in a path keeps values from adding directories', () => {
    const vars = { date: '2026/11/21', release: 'beacon', revision: 12 };
    expect(fill('backups/{release}-{date}-r{revision}.sql', vars, true)).toBe('backups/beacon-2026-11-21-r12.sql');
    expect(fill('--file={date}', vars)).toBe('--file=2026/11/21');
    expect(fill('{unknown} stays', vars)).toBe('{unknown} stays');
  });
});

describe('run with save', () => {
  it('streams stdout into the file (dirs created, mode 0600) and passes when it is not empty', async () => {
    const r = await run(step([node, '-e', 'process.stdout.write("CREATE TABLE orders;\\n"); console.error("pg_dump: done")'], { save: 'backups/{release}-{date}.sql' }), ctx());
    const file = join(workdir, 'backups', 'beacon-2026-11-21T2300.sql');
    expect(r).toEqual({
      status: 'pass',
      summary: `saved 21 bytes to ${file}`,
      evidence: [`$ ${node} -e 'process.stdout.write("CREATE TABLE orders;\\n"); console.error("pg_dump: done")'`, `saved 21 bytes to ${file} (mode 0600)`, 'stderr (last lines):', '  pg_dump: done'],
    });
    expect(readFileSync(file, 'utf8')).toBe('CREATE TABLE orders;\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('makes a leftover .partial from an earlier run 0600 before writing into it', async () => {
    writeFileSync(join(workdir, 'again.sql.partial'), 'stale', { mode: 0o644 });
    const r = await run(step([node, '-e', 'console.log("fresh")'], { save: 'again.sql' }), ctx());
    expect(r.status).toBe('pass');
    expect(readFileSync(join(workdir, 'again.sql'), 'utf8')).toBe('fresh\n');
    expect(statSync(join(workdir, 'again.sql')).mode & 0o777).toBe(0o600);
  });

  it('fails an empty output, a non-zero exit (stderr tail, partial kept) and an existing file', async () => {
    const empty = await run(step([node, '-e', ''], { save: 'out.sql' }), ctx());
    expect(empty).toMatchObject({ status: 'fail', summary: `the command exited 0 but wrote nothing to ${join(workdir, 'out.sql')}` });

    const bad = await run(step([node, '-e', 'process.stdout.write("partial"); console.error("FATAL: password authentication failed"); process.exit(2)'], { save: 'bad.sql' }), ctx());
    expect(bad.status).toBe('fail');
    expect(bad.summary).toBe('exited with code 2');
    expect(bad.evidence).toContain(`partial output kept at ${join(workdir, 'bad.sql.partial')} (7 bytes)`);
    expect(bad.evidence).toContain('  FATAL: password authentication failed');
    expect(existsSync(join(workdir, 'bad.sql'))).toBe(false);

    writeFileSync(join(workdir, 'taken.sql'), 'old backup');
    const taken = await run(step([node, '-e', 'console.log(1)'], { save: 'taken.sql' }), ctx());
    expect(taken.summary).toMatch(/taken\.sql already exists: helmdeck does not overwrite a saved output/);
    expect(readFileSync(join(workdir, 'taken.sql'), 'utf8')).toBe('old backup');
  });
});

describe('run without save', () => {
  it('passes exit 0 with the output tail, bounded', async () => {
    const r = await run(step([node, '-e', 'for (let i = 1; i <= 30; i++) console.log("line " + i)']), ctx());
    expect(r.status).toBe('pass');
    expect(r.evidence.slice(1, 4)).toEqual(['output (last lines):', '  … 10 earlier line(s)', '  line 11']);
    expect(r.evidence.at(-1)).toBe('  line 30');
  });

  it('stops a command at its timeout', async () => {
    const started = Date.now();
    const r = await run(step([node, '-e', 'setTimeout(() => {}, 30000)'], { timeoutMs: 300 }), ctx());
    expect(r).toMatchObject({ status: 'fail', summary: 'the command timed out after 300 ms: stopped with SIGTERM' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('escalates to SIGKILL for a command that ignores SIGTERM, grandchildren included, and says so', async () => {
    const started = Date.now();
    // The shell ignores SIGTERM and its sleep holds stdout open: both must go.
    const r = await run(step(['sh', '-c', 'trap "" TERM; sleep 100; echo never'], { timeoutMs: 1000 }), ctx());
    expect(r).toMatchObject({ status: 'fail', summary: 'the command timed out after 1 s: sent SIGTERM, then SIGKILL 5 s later (it ignored SIGTERM)' });
    // 1 s timeout + 5 s grace, not the 100 s of the sleep.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('says when the program does not exist', async () => {
    const r = await run(step(['helmdeck-no-such-program', '--version']), ctx());
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/^could not run: .*ENOENT/);
  });

  it('runs without a shell and shows no credential', async () => {
    const r = await run(step([node, '-e', 'console.log(process.argv.slice(1).join(" "), process.env.PGPASSWORD.length)', '$(id)', '--password=hunter2', 'API_TOKEN=abc'], { env: { PGPASSWORD: 'hunter2' } }), ctx());
    expect(r.status).toBe('pass');
    expect(r.evidence[0]).toBe(`$ ${node} -e 'console.log(process.argv.slice(1).join(" "), process.env.PGPASSWORD.length)' '$(id)' '--password=***' 'API_TOKEN=***'`);
    expect(r.evidence[1]).toBe('env: PGPASSWORD (values not shown)');
    // The child got the real arguments and environment; $(id) was not expanded.
    expect(r.evidence.at(-1)).toBe('  $(id) --password=hunter2 API_TOKEN=abc 7');
  });

  it('is cancelled by the signal (runCheck reports a skip)', async () => {
    const ac = new AbortController();
    const pending = runCheck(step([node, '-e', 'setTimeout(() => {}, 30000)']), ctx({ signal: ac.signal }));
    setTimeout(() => ac.abort(), 100);
    expect(await pending).toMatchObject({ status: 'skip', summary: 'cancelled' });
  });
});
