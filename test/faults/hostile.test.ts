// Hostile input, row by row: what a careless or malicious invocation does
// to helmdeck on kubesim — credentials in --set values, files that are
// FIFOs or endless devices, journal paths that can never be folders, names
// Kubernetes would refuse, unknown step ids, a binary that is not helm, a
// report written over its own journal. Each row ends in one clear line
// naming the culprit and the right exit code (2 for usage), quickly, and
// never with a secret in clear.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { helmdeck, journalFiles, journalPathOf, shopChart, STACK } from './helpers.js';

const NS = 'hostile';
const PLANTED = { url: 'pa55SECRET-Zq9-lime', creds: 'SECRET7-Zq9-pear' };

let c: TestCluster;
let dir: string;
let kc: string;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  kc = c.sim.kubeconfigPath;
  dir = join(c.home, 'hostile');
  mkdirSync(dir, { recursive: true });
  await c.helm(['install', 'shop', shopChart, '-n', NS, '--create-namespace', '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  writeFileSync(join(dir, 'config-broken.yaml'), 'logs:\n  bufferLines: lots\n');
  mkdirSync(join(dir, 'xdg', 'helmdeck'), { recursive: true });
  writeFileSync(join(dir, 'xdg', 'helmdeck', 'config.yaml'), 'colour: red\n');
  writeFileSync(join(dir, 'rb-lag.yaml'), `release: shop\nnamespace: ${NS}\nchart: ${shopChart}\npreflight:\n  - check: consumer-lag\n    groups: [orders]\n    max: 100\n`);
  writeFileSync(join(dir, 'rb.yaml'), `release: shop\nnamespace: ${NS}\nchart: ${shopChart}\npreflight:\n  - check: release-settled\n  - manual: Read the notes\n`);
}, 120_000);
afterAll(async () => {
  await c?.stop();
});

describe('credentials in --set values', () => {
  const set = ['--set', `extraEnv.DATABASE_URL=postgres://u:${PLANTED.url}@db/x`, '--set', `extraEnv.CREDS=${PLANTED.creds}`];
  const leaks = (text: string) => Object.values(PLANTED).filter((v) => text.includes(v));

  it('never reach preflight --json, the helm command line, the journal or the change record', async () => {
    const pre = await helmdeck(c, ['preflight', 'shop', shopChart, '-n', NS, ...set, '--json', '--kubeconfig', kc]);
    expect(pre.all, pre.all).toContain('"gatesFailed"');
    expect(leaks(pre.all)).toEqual([]);
    // The masked URL keeps its shape: the reader still sees which database.
    expect(pre.out).toContain('postgres://u:***@db/x');

    const up = await helmdeck(c, ['upgrade', 'shop', shopChart, '-n', NS, ...set, '--set', 'hpa.enabled=false', '--observe', '3s', '--headless', '--yes', '--kubeconfig', kc], { timeoutMs: 240_000 });
    expect(up.out).toMatch(/^\$ helm upgrade shop .*extraEnv\.CREDS=\*\*\*/m);
    expect(leaks(up.all)).toEqual([]);
    const journal = journalPathOf(up.out);
    expect(leaks(readFileSync(journal, 'utf8'))).toEqual([]);
    const report = await helmdeck(c, ['report', journal]);
    expect(report.out).toContain('# Change record: shop in hostile');
    expect(leaks(report.all)).toEqual([]);
    for (const f of journalFiles(c)) expect(leaks(readFileSync(f, 'utf8')), f).toEqual([]);
  }, 300_000);
});

interface Row {
  args: () => string[];
  code: number;
  line: RegExp;
  env?: () => Record<string, string>;
}

const ROWS: [string, Row][] = [
  ['a kubeconfig that is a symlink to /dev/zero', { args: () => ['status', 'shop', '-n', NS, '--kubeconfig', join(dir, 'zero.yaml')], code: 2, line: /zero\.yaml: is a character device, not a regular file/ }],
  ['a kubeconfig that is a FIFO', { args: () => ['status', 'shop', '-n', NS, '--kubeconfig', join(dir, 'fifo.yaml')], code: 2, line: /fifo\.yaml: is a FIFO \(named pipe\), not a regular file/ }],
  ['a runbook that is a symlink to /dev/zero', { args: () => ['runbook', 'check', join(dir, 'zero.yaml')], code: 1, line: /zero\.yaml: is a character device, not a regular file/ }],
  ['a runbook that is a FIFO', { args: () => ['preflight', 'shop', '--runbook', join(dir, 'fifo.yaml'), '--kubeconfig', kc], code: 2, line: /fifo\.yaml: is a FIFO \(named pipe\), not a regular file/ }],
  ['-f values from /dev/zero', { args: () => ['preflight', 'shop', shopChart, '-n', NS, '-f', join(dir, 'zero.yaml'), '--kubeconfig', kc], code: 2, line: /values file \S*zero\.yaml: is a character device, not a regular file/ }],
  ['-f values from a FIFO', { args: () => ['upgrade', 'shop', shopChart, '-n', NS, '-f', join(dir, 'fifo.yaml'), '--headless', '--yes', '--kubeconfig', kc], code: 2, line: /values file \S*fifo\.yaml: is a FIFO/ }],
  ['-f values that is a directory', { args: () => ['preflight', 'shop', shopChart, '-n', NS, '-f', dir, '--kubeconfig', kc], code: 2, line: /values file \S+: is a directory, not a regular file/ }],
  ['--config that is a FIFO', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', join(dir, 'fifo.yaml')], code: 1, line: /^helmdeck: fifo\.yaml: is a FIFO \(named pipe\), not a regular file$/ }],
  ['--theme that is /dev/zero', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--theme', join(dir, 'zero.yaml')], code: 1, line: /^helmdeck: zero\.yaml: is a character device, not a regular file$/ }],
  ['--journal under /proc', { args: () => ['preflight', 'shop', shopChart, '-n', NS, '--journal', '/proc/x', '--kubeconfig', kc], code: 2, line: /^helmdeck: journal directory \/proc\/x: cannot create \/proc\/x \(ENOENT\)$/ }],
  ['--journal naming a file', { args: () => ['upgrade', 'shop', shopChart, '-n', NS, '--journal', join(dir, 'a-file'), '--headless', '--yes', '--kubeconfig', kc], code: 2, line: /^helmdeck: journal directory \S+a-file: \S+a-file is not a directory$/ }],
  ['XDG_STATE_HOME=/dev/null', { args: () => ['preflight', 'shop', shopChart, '-n', NS, '--kubeconfig', kc], env: () => ({ XDG_STATE_HOME: '/dev/null' }), code: 2, line: /^helmdeck: journal directory \/dev\/null\/helmdeck: \/dev\/null is not a directory$/ }],
  ['status --timeout 0', { args: () => ['status', 'shop', '-n', NS, '--timeout', '0', '--kubeconfig', kc], code: 2, line: /^helmdeck: --timeout: must be more than 0, got "0"$/ }],
  ['preflight --timeout 0s', { args: () => ['preflight', 'shop', shopChart, '-n', NS, '--timeout', '0s', '--kubeconfig', kc], code: 2, line: /^helmdeck: --timeout: must be more than 0/ }],
  ['-n Bad_NS!', { args: () => ['status', 'shop', '-n', 'Bad_NS!', '--kubeconfig', kc], code: 2, line: /^helmdeck: -n\/--namespace "Bad_NS!": not a valid namespace name/ }],
  ["-n ''", { args: () => ['preflight', 'shop', shopChart, '-n', '', '--kubeconfig', kc], code: 2, line: /^helmdeck: -n\/--namespace "": not a valid namespace name: must not be empty$/ }],
  ['an upper-case release', { args: () => ['status', 'Shop', '-n', NS, '--kubeconfig', kc], code: 2, line: /^helmdeck: RELEASE "Shop": not a valid release name/ }],
  ['a 60-character release', { args: () => ['rollback', 'a'.repeat(60), '--headless', '--yes', '--kubeconfig', kc], code: 2, line: /^helmdeck: RELEASE "a{60}": not a valid release name: is 60 characters long; Helm allows at most 53$/ }],
  ['a release of ../../etc', { args: () => ['upgrade', '../../etc', shopChart, '--headless', '--yes', '--kubeconfig', kc], code: 2, line: /^helmdeck: RELEASE "\.\.\/\.\.\/etc": not a valid release name/ }],
  ['--ack bogus', { args: () => ['preflight', 'shop', '--runbook', join(dir, 'rb.yaml'), '--ack', 'bogus', '--kubeconfig', kc], code: 2, line: /^helmdeck: --ack bogus: no such step \(known: all, preflight\.1\.release-settled, preflight\.2\.manual/ }],
  ['--override nosuch=…', { args: () => ['upgrade', 'shop', shopChart, '-n', NS, '--override', 'nosuch=because', '--headless', '--yes', '--kubeconfig', kc], code: 2, line: /^helmdeck: --override nosuch: no such preflight step \(known: preflight\.1\.release-settled, / }],
  ['HELMDECK_HELM=/bin/true', { args: () => ['preflight', 'shop', shopChart, '-n', NS, '--kubeconfig', kc], env: () => ({ HELMDECK_HELM: '/bin/true' }), code: 2, line: /^helmdeck: helm at \/bin\/true is not helm: "helm version" printed no version/ }],
  ['--helm /bin/echo', { args: () => ['upgrade', 'shop', shopChart, '-n', NS, '--helm', '/bin/echo', '--headless', '--yes', '--kubeconfig', kc], code: 2, line: /^helmdeck: helm at \/bin\/echo is not helm/ }],
  ...(['preflight', 'status', 'upgrade', 'rollback'] as const).flatMap((cmd): [string, Row][] => {
    const args = (): string[] => ({
      preflight: ['preflight', 'shop', shopChart, '-n', NS],
      status: ['status', 'shop', '-n', NS],
      upgrade: ['upgrade', 'shop', shopChart, '-n', NS, '--headless', '--yes'],
      rollback: ['rollback', 'shop', '-n', NS, '--headless', '--yes'],
    })[cmd];
    return [
      [`${cmd} --config with a wrong type`, { args: () => [...args(), '--config', 'config-broken.yaml', '--kubeconfig', kc], code: 1, line: /^helmdeck: config-broken\.yaml:2:16: logs\.bufferLines: expected a whole number, got the string "lots"$/ }],
      [`${cmd} with a broken default config file`, { args: () => [...args(), '--kubeconfig', kc], env: () => ({ XDG_CONFIG_HOME: join(dir, 'xdg') }), code: 1, line: /^helmdeck: \S*xdg\/helmdeck\/config\.yaml:1:1: colour: unknown key/ }],
    ];
  }),
];

describe.each(ROWS)('%s', (_name, row) => {
  it('fails at once with one line naming the culprit and the right exit code', async () => {
    const r = await helmdeck(c, row.args(), { ...(row.env ? { env: row.env() } : {}), timeoutMs: 30_000, cwd: dir });
    expect(r.all).not.toMatch(STACK);
    // The runbook loader heads its errors with a count line; the culprit's line follows.
    expect(r.err.split('\n').filter((l) => row.line.test(l)), r.all).toHaveLength(1);
    expect(r.code, r.all).toBe(row.code);
    expect(r.out).not.toMatch(/^journal: /m);
  }, 60_000);
});

describe('a run step that ignores SIGTERM', () => {
  it('is stopped at its timeout with SIGTERM, then SIGKILL, and the message says so', async () => {
    const rb = join(dir, 'rb-stubborn.yaml');
    writeFileSync(rb, `release: shop\nnamespace: ${NS}\nchart: ${shopChart}\npreflight:\n  - run: A stubborn script\n    id: stubborn\n    command: [sh, -c, 'trap "" TERM; sleep 100; echo never']\n    timeout: 2s\n`);
    const started = Date.now();
    const r = await helmdeck(c, ['preflight', 'shop', '--runbook', rb, '--kubeconfig', kc], { cwd: dir, timeoutMs: 60_000 });
    expect(r.out).toMatch(/^✗ stubborn +the command timed out after 2 s: sent SIGTERM, then SIGKILL 5 s later \(it ignored SIGTERM\)$/m);
    expect(r.code).toBe(1);
    // 2 s + 5 s of grace and the window's own start, not the 100 s of the sleep.
    expect(Date.now() - started).toBeLessThan(40_000);
  }, 90_000);
});

describe('a consumer-lag step without source:', () => {
  it('uses the --lag sources instead of failing with "no lag source given"', async () => {
    const r = await helmdeck(c, ['preflight', 'shop', '--runbook', join(dir, 'rb-lag.yaml'), '--lag', 'prometheus=http://127.0.0.1:1', '--kubeconfig', kc], { cwd: dir, timeoutMs: 60_000 });
    expect(r.out).toMatch(/^✗ preflight\.1\.consumer-lag .*lag source prometheus http:\/\/127\.0\.0\.1:1 unreachable/m);
    expect(r.out).not.toContain('no lag source given');
    expect(r.code).toBe(1);
  }, 90_000);

  it('without any source says where one can be given', async () => {
    const r = await helmdeck(c, ['preflight', 'shop', '--runbook', join(dir, 'rb-lag.yaml'), '--kubeconfig', kc], { cwd: dir, timeoutMs: 60_000 });
    expect(r.out).toMatch(/no lag source given: add source: to the step, pass --lag SOURCE=URL, or set lag\.sources in the config file/);
    expect(r.code).toBe(1);
  }, 90_000);
});

describe('helmdeck report -o', () => {
  it('refuses to overwrite the journal it reads, and any existing file without --force', async () => {
    const journal = join(dir, 'j.jsonl');
    const text = JSON.stringify({ type: 'window-start', release: 'shop', namespace: NS, context: 'c', operator: 'o', host: 'h', at: new Date().toISOString(), seq: 1 }) + '\n';
    writeFileSync(journal, text);
    const self = await helmdeck(c, ['report', journal, '-o', journal]);
    expect(self.code).toBe(2);
    expect(self.err).toMatch(/is the journal itself/);
    expect(readFileSync(journal, 'utf8')).toBe(text);
    writeFileSync(join(dir, 'existing.md'), 'keep');
    const other = await helmdeck(c, ['report', journal, '-o', join(dir, 'existing.md')]);
    expect(other.code).toBe(2);
    expect(readFileSync(join(dir, 'existing.md'), 'utf8')).toBe('keep');
  });

  it('names each bad entry as JOURNAL:LINE instead of crashing', async () => {
    const journal = join(dir, 'bad.jsonl');
    const at = new Date().toISOString();
    writeFileSync(journal, [
      { type: 'window-start', release: 'shop', namespace: NS, context: 'c', operator: 'o', host: 'h', at, seq: 1 },
      { type: 'step-result', result: null, at, seq: 2 },
      { type: 'note', text: 5, at, seq: 3 },
    ].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const r = await helmdeck(c, ['report', journal]);
    expect(r.all).not.toMatch(STACK);
    expect(r.err).toContain(`${journal}:2: step-result seq 2: "result" must be an object, not null`);
    expect(r.err).toContain(`${journal}:3: note seq 3: "text" must be a string, not 5`);
    expect(r.out).toContain('# Change record: shop in hostile');
  });
});

describe('a slow, flaky or wrong server', () => {
  const fault = (f: string) => helmdeck(undefined, ['sim', 'fault', '--kubeconfig', kc, f], { env: { PATH: process.env.PATH ?? '' } });

  it('status --timeout 60s works against an API server answering in 11 s, as kubectl --request-timeout 60s does', async () => {
    expect((await fault('latency=11000')).code).toBe(0);
    try {
      const r = await helmdeck(c, ['status', 'shop', '-n', NS, '--timeout', '60s', '--kubeconfig', kc], { timeoutMs: 90_000 });
      expect(r.err).toBe('');
      expect(r.code, r.all).toBe(0);
      expect(r.out).toContain('shop');
    } finally {
      await fault('reset');
    }
  }, 120_000);

  it('an exec credential plugin that hangs: the run ends at --timeout and the plugin is killed with it', async () => {
    const plugin = join(dir, 'hanging-plugin');
    const pidFile = join(dir, 'plugin.pid');
    writeFileSync(plugin, `#!/bin/sh\ntrap "" TERM\necho $$ > ${pidFile}\nsleep 300\n`, { mode: 0o755 });
    const kube = join(dir, 'kube-exec-hang.yaml');
    writeFileSync(kube, readFileSync(kc, 'utf8').replace(/token: \S+/, `exec: { apiVersion: client.authentication.k8s.io/v1, command: ${plugin}, interactiveMode: Never }`));
    const started = Date.now();
    const r = await helmdeck(c, ['status', 'shop', '-n', NS, '--timeout', '3s', '--kubeconfig', kube], { timeoutMs: 60_000 });
    expect(r.code, r.all).toBe(2);
    expect(r.err).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(15_000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    // Gone, or a zombie nobody reaped yet (its parent, helmdeck, has exited): either way, dead.
    const alive = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(false);
  }, 90_000);

  describe('a web server where the API server should be', () => {
    let web: Server;
    let port: number;
    beforeAll(async () => {
      web = createServer((_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Sign in</body></html>');
      });
      await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
      port = (web.address() as { port: number }).port;
      const good = readFileSync(kc, 'utf8');
      writeFileSync(join(dir, 'kube-http.yaml'), good.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: http://127.0.0.1:${port}`).replace(/certificate-authority-data: \S+/, 'insecure-skip-tls-verify: true'));
      writeFileSync(join(dir, 'kube-https-to-http.yaml'), good.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`));
    });
    afterAll(() => new Promise<void>((r) => web.close(() => r())));

    it('an HTML answer is "not a Kubernetes API server", naming the content type', async () => {
      const r = await helmdeck(c, ['status', 'shop', '-n', NS, '--kubeconfig', join(dir, 'kube-http.yaml')], { timeoutMs: 30_000 });
      expect(r.code).toBe(2);
      expect(r.err).toBe(`helmdeck: not a Kubernetes API server: http://127.0.0.1:${port} answered GET /version with text/html ("<!DOCTYPE html><html><body>Sign in</body></html>"), not JSON`);
    });

    it('an https URL to a plain-HTTP server says so', async () => {
      const r = await helmdeck(c, ['status', 'shop', '-n', NS, '--kubeconfig', join(dir, 'kube-https-to-http.yaml')], { timeoutMs: 30_000 });
      expect(r.code).toBe(2);
      expect(r.err).toBe(`helmdeck: plain HTTP on an https URL: https://127.0.0.1:${port} answered without TLS (is it an http:// server, or the wrong port?)`);
    });
  });
});

describe('helmdeck sim fault', () => {
  it('restart exits 0: the fault was applied even though it closed the connection', async () => {
    const r = await helmdeck(undefined, ['sim', 'fault', '--kubeconfig', kc, 'restart'], { env: { PATH: process.env.PATH ?? '' } });
    expect(r.err).toBe('');
    expect(r.out).toBe('fault applied: restart');
    expect(r.code).toBe(0);
  });
});
