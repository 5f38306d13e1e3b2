// Bad input, table by table: malformed runbooks, themes, config files,
// kubeconfigs and flags for every CLI command (status, watch, preflight,
// upgrade --headless, rollback --headless, runbook check, report). Each gets
// one clear line on stderr naming its source (file:line:col where there is
// one), a non-zero exit, nothing on stdout (nothing half-ran) and never a
// stack trace. Runbooks are also fuzzed through `helmdeck runbook check`: the
// loader's own fuzz test (test/unit/runbook/fuzz.test.ts) proves it throws
// only RunbookErrors; this proves the process around it never crashes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTls } from '../../src/sim/tls.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { helmdeck, shopChart, STACK } from './helpers.js';

let c: TestCluster;
let dir: string;
let kc: string;

/** Writes a file under the test's directory and returns its path. */
function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  dir = join(c.home, 'bad');
  mkdirSync(dir, { recursive: true });
  kc = c.sim.kubeconfigPath;
  const good = readFileSync(kc, 'utf8');
  file('kube-syntax.yaml', 'apiVersion: v1\nclusters: [\n');
  file('kube-no-current.yaml', good.replace(/^current-context:.*$/m, ''));
  file('kube-bad-url.yaml', good.replace(/server: \S+/, 'server: "not a url"'));
  file('kube-refused.yaml', good.replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
  file('kube-token.yaml', good.replace(/token: \S+/, 'token: expired-or-wrong'));
  file('kube-other-ca.yaml', good.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${Buffer.from(generateTls().caPem).toString('base64')}`));
  file('kube-no-cluster.yaml', good.replace(/(contexts:[\s\S]*?cluster: )kubesim/, '$1nowhere'));
  file('kube-binary.yaml', Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
  file('rb-unknown-check.yaml', `release: shop\nnamespace: bad\nchart: ${shopChart}\npreflight:\n  - check: nosuch\n`);
  file('rb-syntax.yaml', 'release: shop\npreflight: [\n');
  file('rb-type.yaml', `release: shop\nchart: ${shopChart}\npreflight: 5\n`);
  file('rb-empty.yaml', '');
  file('rb-binary.yaml', Buffer.from([0, 1, 2, 0x7f, 0xc3, 0x28]));
  file('rb-dup-ids.yaml', `release: shop\nchart: ${shopChart}\npreflight:\n  - check: diff\n    id: same\n  - check: pdb\n    id: same\n`);
  file('rb-bad-duration.yaml', `release: shop\nchart: ${shopChart}\nverify:\n  - logs: { selector: app=x, match: 'ok', within: soon }\n`);
  file('theme-syntax.yaml', 'description: x\nbogus: [\n');
  file('theme-colour.yaml', readFileSync(join(import.meta.dirname, '..', '..', 'themes', 'default.yaml'), 'utf8').replace(/^ {2}ok: &ok green$/m, '  ok: &ok notacolour'));
  file('theme-missing.yaml', 'description: only this\n');
  file('config-syntax.yaml', 'theme: [\n');
  file('config-unknown.yaml', 'colour: red\n');
  file('config-type.yaml', 'logs:\n  bufferLines: lots\n');
  file('config-range.yaml', 'logs:\n  bufferLines: 5\n');
  file('config-key.yaml', 'keys:\n  app.quit: [ctrl+nope+x]\n');
  file('not-a-journal.jsonl', 'hello\nworld\n');
});
afterAll(async () => {
  await c?.stop();
});

interface Case {
  /** argv after bin/helmdeck; a function so paths are known at run time. */
  args: () => string[];
  code: number;
  /** The one line (its problem line), as a pattern. */
  line: () => RegExp;
  env?: () => Record<string, string>;
  /**
   * Lines printed after (or before) the one clear line today: 'usage' (the
   * command's usage follows a usage error) and 'count' (the runbook loader's
   * "1 error in runbook F:" header). Both are reported, not hidden.
   */
  extra?: 'usage' | 'count';
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Files are named as the user wrote them: relative to the working directory (the test's directory here).
const at = (name: string, pos: string) => new RegExp(`${esc(name)}:${pos}: `);

const FLAGS: [string, Case][] = [
  ['status without a RELEASE', { args: () => ['status'], code: 2, line: () => /^helmdeck: status: expected exactly one RELEASE$/, extra: 'usage' }],
  ['status with an unknown flag', { args: () => ['status', 'shop', '--bogus'], code: 2, line: () => /^helmdeck: Unknown option '--bogus'/ }],
  ['status -o xml', { args: () => ['status', 'shop', '-o', 'xml', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --output: expected json or text, got "xml"$/ }],
  ['status --timeout 5x', { args: () => ['status', 'shop', '--timeout', '5x', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --timeout: expected a duration such as 30s, 2m or 1h30m, got "5x"$/ }],
  ['status --lag with an unknown source', { args: () => ['status', 'shop', '--lag', 'nosuch=http://127.0.0.1:1', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --lag: lag source "nosuch" is not known/ }],
  ['watch with two releases', { args: () => ['watch', 'a', 'b', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: watch: expected one RELEASE, got 2$/, extra: 'usage' }],
  ['watch with an unknown flag', { args: () => ['watch', 'shop', '--colour'], code: 2, line: () => /^helmdeck: Unknown option '--colour'/ }],
  ['preflight without arguments', { args: () => ['preflight', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: expected RELEASE and CHART$/, extra: 'usage' }],
  ['preflight --timeout forever', { args: () => ['preflight', 'shop', shopChart, '--timeout', 'forever', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --timeout: expected a duration/ }],
  ['preflight --set without =', { args: () => ['preflight', 'shop', shopChart, '--set', 'noequals', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --set noequals: expected KEY=VALUE/ }],
  ['upgrade --headless without --yes', { args: () => ['upgrade', 'shop', shopChart, '--headless', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --headless needs --yes: nothing asks for confirmation$/ }],
  ['upgrade --override without a reason', { args: () => ['upgrade', 'shop', shopChart, '--headless', '--yes', '--override', 'diff', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --override diff: expected STEP-ID=REASON \(the reason is journaled\)$/ }],
  ['rollback to revision "abc"', { args: () => ['rollback', 'shop', 'abc', '--headless', '--yes', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: rollback: REVISION must be a positive integer, got "abc"$/ }],
  ['rollback to revision 0', { args: () => ['rollback', 'shop', '0', '--headless', '--yes', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: rollback: REVISION must be a positive integer, got "0"$/ }],
  ['rollback --wait-timeout soon', { args: () => ['rollback', 'shop', '--headless', '--yes', '--wait-timeout', 'soon', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: --wait-timeout: expected a duration/ }],
  ['rollback without a RELEASE', { args: () => ['rollback', '--headless', '--yes'], code: 2, line: () => /^helmdeck: rollback: expected RELEASE \[REVISION\]$/, extra: 'usage' }],
  ['runbook check without a FILE', { args: () => ['runbook', 'check'], code: 2, line: () => /^helmdeck: runbook check: expected a FILE$/, extra: 'usage' }],
  ['runbook check with an unknown option', { args: () => ['runbook', 'check', '--strict'], code: 2, line: () => /^helmdeck: runbook check: unknown option "--strict"$/, extra: 'usage' }],
  ['report without a JOURNAL', { args: () => ['report'], code: 2, line: () => /^helmdeck: report: expected exactly one JOURNAL file$/, extra: 'usage' }],
  ['report of a missing file', { args: () => ['report', join(dir, 'nope.jsonl')], code: 1, line: () => new RegExp(`^helmdeck: report: no journal at ${esc(join(dir, 'nope.jsonl'))}$`) }],
  ['report of a directory', { args: () => ['report', dir], code: 1, line: () => new RegExp(`^helmdeck: report: cannot read ${esc(dir)}: it is a directory, not a regular file$`) }],
  ['report of a file that is no journal', { args: () => ['report', join(dir, 'not-a-journal.jsonl')], code: 1, line: () => new RegExp(`^helmdeck: report: ${esc(join(dir, 'not-a-journal.jsonl'))} holds no journal entries$`) }],
  ['an unknown command', { args: () => ['upgarde', 'shop'], code: 2, line: () => /^helmdeck: unknown command "upgarde" \(helmdeck --help lists them\)$/ }],
];

const RUNBOOKS: [string, Case][] = [
  ['runbook check: an unknown check', { args: () => ['runbook', 'check', 'rb-unknown-check.yaml'], code: 1, line: () => new RegExp(`^${at('rb-unknown-check.yaml', '5:12').source}preflight\\[0\\]\\.check: unknown check "nosuch"`), extra: 'count' }],
  ['runbook check: a YAML syntax error', { args: () => ['runbook', 'check', 'rb-syntax.yaml'], code: 1, line: () => new RegExp(`^${at('rb-syntax.yaml', '\\d+:\\d+').source}YAML syntax error`), extra: 'count' }],
  ['runbook check: a wrong type', { args: () => ['runbook', 'check', 'rb-type.yaml'], code: 1, line: () => new RegExp(`^${at('rb-type.yaml', '3:12').source}preflight: expected a list of steps, got the number 5$`), extra: 'count' }],
  ['runbook check: an empty file', { args: () => ['runbook', 'check', 'rb-empty.yaml'], code: 1, line: () => new RegExp(`^${esc('rb-empty.yaml')}: the runbook is empty`), extra: 'count' }],
  ['runbook check: binary garbage', { args: () => ['runbook', 'check', 'rb-binary.yaml'], code: 1, line: () => new RegExp(`^${at('rb-binary.yaml', '1:1').source}`), extra: 'count' }],
  ['runbook check: duplicate step ids', { args: () => ['runbook', 'check', 'rb-dup-ids.yaml'], code: 1, line: () => new RegExp(`^${at('rb-dup-ids.yaml', '7:9').source}preflight\\[1\\]\\.id: duplicate step id "same"`), extra: 'count' }],
  ['runbook check: a bad duration', { args: () => ['runbook', 'check', 'rb-bad-duration.yaml'], code: 1, line: () => new RegExp(`^${at('rb-bad-duration.yaml', '4:\\d+').source}verify\\[0\\]\\.logs\\.within: `), extra: 'count' }],
  ['runbook check: a missing file', { args: () => ['runbook', 'check', 'nope.yaml'], code: 1, line: () => /^nope\.yaml: runbook file not found$/, extra: 'count' }],
  ['preflight --runbook with an unknown check', { args: () => ['preflight', 'shop', '--runbook', 'rb-unknown-check.yaml', '--kubeconfig', kc], code: 2, line: () => new RegExp(`^${at('rb-unknown-check.yaml', '5:12').source}preflight\\[0\\]\\.check: unknown check "nosuch"`), extra: 'count' }],
  ['upgrade --headless --runbook with a syntax error', { args: () => ['upgrade', 'shop', '--runbook', 'rb-syntax.yaml', '--headless', '--yes', '--kubeconfig', kc], code: 2, line: () => new RegExp(`^${at('rb-syntax.yaml', '\\d+:\\d+').source}YAML syntax error`), extra: 'count' }],
];

const THEMES_AND_CONFIG: [string, Case][] = [
  ['watch --theme with a YAML syntax error', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--theme', 'theme-syntax.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('theme-syntax.yaml', '3:1').source}YAML syntax error`) }],
  ['watch --theme with a bad colour', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--theme', 'theme-colour.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('theme-colour.yaml', '\\d+:\\d+').source}palette\\.ok: `) }],
  ['watch --theme missing every token', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--theme', 'theme-missing.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('theme-missing.yaml', '\\d+:\\d+').source}\\S+: missing`) }],
  ['watch --theme naming no theme', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--theme', 'solarized'], code: 1, line: () => /^helmdeck: \S+solarized\.yaml: no such theme \(available: default, high-contrast, light, no-color\)$/ }],
  ['HELMDECK_THEME naming no theme', { args: () => ['watch', 'shop', '--kubeconfig', kc], env: () => ({ HELMDECK_THEME: 'neon' }), code: 1, line: () => /^helmdeck: \S+neon\.yaml: no such theme/ }],
  ['watch --config with a YAML syntax error', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', 'config-syntax.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('config-syntax.yaml', '\\d+:\\d+').source}YAML syntax error`) }],
  ['watch --config with an unknown key', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', 'config-unknown.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('config-unknown.yaml', '1:1').source}colour: unknown key`) }],
  ['watch --config with a wrong type', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', 'config-type.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('config-type.yaml', '2:16').source}logs\\.bufferLines: expected a whole number, got the string "lots"$`) }],
  ['watch --config with a value out of range', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', 'config-range.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('config-range.yaml', '2:16').source}logs\\.bufferLines: `) }],
  ['watch --config with a bad key binding', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', 'config-key.yaml'], code: 1, line: () => new RegExp(`^helmdeck: ${at('config-key.yaml', '2:\\d+').source}keys\\.app\\.quit`) }],
  ['watch --config naming a missing file', { args: () => ['watch', 'shop', '--kubeconfig', kc, '--config', 'nope.yaml'], code: 1, line: () => /^helmdeck: nope\.yaml: config file not found$/ }],
];

const kubeconfigCases = (cmd: () => string[], code: number): [string, Case][] => [
  ['a missing kubeconfig', { args: () => [...cmd(), '--kubeconfig', join(dir, 'nope.yaml')], code, line: () => new RegExp(`^helmdeck: .*${esc(join(dir, 'nope.yaml'))}.*not found`) }],
  ['a kubeconfig with a YAML syntax error', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-syntax.yaml')], code, line: () => new RegExp(`^helmdeck: .*${esc(join(dir, 'kube-syntax.yaml'))}.*\\b3:1\\b`) }],
  ['a binary kubeconfig', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-binary.yaml')], code, line: () => new RegExp(`^helmdeck: .*${esc(join(dir, 'kube-binary.yaml'))}`) }],
  ['no current-context', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-no-current.yaml')], code, line: () => /^helmdeck: .*no current-context is set; pass --context \(available: kubesim\)$/ }],
  ['an unknown --context', { args: () => [...cmd(), '--kubeconfig', kc, '--context', 'prod-eu'], code, line: () => /^helmdeck: .*context "prod-eu" not found \(available: kubesim\)$/ }],
  ['a context naming no cluster', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-no-cluster.yaml')], code, line: () => /^helmdeck: .*"nowhere"/ }],
  ['a server that is no URL', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-bad-url.yaml')], code, line: () => /^helmdeck: .*invalid server address "not a url"$/ }],
  ['a server that refuses connections', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-refused.yaml')], code: 2, line: () => /^helmdeck: cannot reach the API server at https:\/\/127\.0\.0\.1:1: connection refused$/ }],
  ['a server whose certificate another CA signed', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-other-ca.yaml')], code: 2, line: () => new RegExp(`^helmdeck: TLS error talking to ${esc(c.sim.url)}: `) }],
  ['a token the server rejects', { args: () => [...cmd(), '--kubeconfig', join(dir, 'kube-token.yaml')], code: 2, line: () => new RegExp(`^helmdeck: the API server at ${esc(c.sim.url)} rejected our credentials \\(401 Unauthorized\\): the token may have expired$`) }],
];

const KUBECONFIGS: [string, Case][] = [
  ...kubeconfigCases(() => ['status', 'shop'], 2).map(([n, k]): [string, Case] => [`status: ${n}`, k]),
  ...kubeconfigCases(() => ['preflight', 'shop', shopChart, '-n', 'bad'], 2).map(([n, k]): [string, Case] => [`preflight: ${n}`, k]),
  ...kubeconfigCases(() => ['upgrade', 'shop', shopChart, '-n', 'bad', '--headless', '--yes'], 2).map(([n, k]): [string, Case] => [`upgrade --headless: ${n}`, k]),
  ...kubeconfigCases(() => ['rollback', 'shop', '-n', 'bad', '--headless', '--yes'], 2).map(([n, k]): [string, Case] => [`rollback --headless: ${n}`, k]),
];

async function check(k: Case): Promise<void> {
  const r = await helmdeck(c, k.args(), { env: { KUBECONFIG: '', ...(k.env?.() ?? {}) }, cwd: dir });
  const lines = r.err.split('\n').filter((l) => l !== '');
  expect(r.err, 'a stack trace').not.toMatch(STACK);
  expect(r.out, 'stdout: nothing may run').toBe('');
  expect(r.code, r.err).toBe(k.code);
  if (k.extra === 'count') {
    expect(lines[0]).toMatch(/^(helmdeck: )?1 error in runbook \S+:$/);
    expect(lines.slice(1), r.err).toHaveLength(1);
    expect(lines[1]).toMatch(k.line());
  } else if (k.extra === 'usage') {
    expect(lines[0]).toMatch(k.line());
    expect(lines[1]).toMatch(/^Usage: /);
  } else {
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toMatch(k.line());
  }
}

describe('bad input: one clear line, a non-zero exit, nothing run', () => {
  describe('flags', () => {
    it.each(FLAGS)('%s', (_n, k) => check(k));
  });
  describe('runbooks', () => {
    it.each(RUNBOOKS)('%s', (_n, k) => check(k));
  });
  describe('themes and config files', () => {
    it.each(THEMES_AND_CONFIG)('%s', (_n, k) => check(k));
  });
  describe('kubeconfigs', () => {
    it.each(KUBECONFIGS)('%s', (_n, k) => check(k));
  });
  describe('values files', () => {
    it.each(VALUES_FILES)('%s', (_n, k) => check(k));
  });
});

// A missing values file would pass every check and fail only when helm reads it: refused before anything runs.
const VALUES_FILES: [string, Case][] = [
  ['preflight -f a missing file', { args: () => ['preflight', 'shop', shopChart, '-f', 'nope.yaml', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: values file nope\.yaml: no such file \(paths are relative to \S+\)$/ }],
  ['upgrade --headless -f a missing file', { args: () => ['upgrade', 'shop', shopChart, '-f', 'missing/values.yaml', '--headless', '--yes', '--kubeconfig', kc], code: 2, line: () => /^helmdeck: values file missing\/values\.yaml: no such file/ }],
];

/** mulberry32: seeded, so a failure replays. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzzed runbooks through the CLI', () => {
  it('300 damaged runbooks: helmdeck runbook check answers each with ok or file:line:col lines, and never crashes', async () => {
    const seeds = ['watchlight-beacon.yaml', 'kleidia.yaml', 'datafly-signal.yaml', 'alexandria-ee.yaml'].flatMap((f) => {
      try {
        return [readFileSync(join(import.meta.dirname, '..', '..', 'examples', f), 'utf8')];
      } catch {
        return [];
      }
    });
    expect(seeds.length).toBeGreaterThanOrEqual(3);
    const r = rng(20261122);
    const NOISE = ['', ':', '- ', '  ', '\t', '[', '{', '}', '*x', '&a', '!!binary', '"', "'", '#', '|', '>', '%TAG', '@', '`', '\u0000', 'é', '\u2028', '\\', '~', 'null', '1e400', '---', '...', '<<: *a'];
    const files: string[] = [];
    for (let i = 0; i < 300; i++) {
      const lines = seeds[i % seeds.length]!.split('\n');
      for (let k = 0, n = 1 + Math.floor(r() * 4); k < n; k++) {
        const at = Math.floor(r() * lines.length);
        const op = Math.floor(r() * 5);
        if (op === 0) lines.splice(at, 1);
        else if (op === 1) lines.splice(at, 0, lines[Math.floor(r() * lines.length)] ?? '');
        else if (op === 2) lines[at] = ' '.repeat(Math.floor(r() * 6)) + (lines[at] ?? '').trimStart();
        else {
          const line = lines[at] ?? '';
          const pos = Math.floor(r() * (line.length + 1));
          lines[at] = line.slice(0, pos) + NOISE[Math.floor(r() * NOISE.length)] + line.slice(pos + (op === 4 ? 1 : 0));
        }
      }
      files.push(file(`fuzz-${i}.yaml`, lines.join('\n')));
    }
    const res = await helmdeck(c, ['runbook', 'check', ...files], { timeoutMs: 60_000 });
    expect(res.err).not.toMatch(STACK);
    expect([0, 1]).toContain(res.code);
    const ok = res.out.split('\n').filter(Boolean);
    for (const line of ok) expect(line).toMatch(/^\S+fuzz-\d+\.yaml: ok — \d+ releases?, \d+ steps?$/);
    const err = res.err.split('\n').filter(Boolean);
    for (const line of err) expect(line).toMatch(/^(\d+ errors? in runbook \S+fuzz-\d+\.yaml:|\S+fuzz-\d+\.yaml(:\d+:\d+)?: .+|… and \d+ more .*)$/);
    // Every file is answered: ok on stdout, or a count header on stderr.
    const answered = ok.length + err.filter((l) => /^\d+ errors? in runbook /.test(l)).length;
    expect(answered).toBe(files.length);
    // The damage must actually break runbooks, or this proves nothing.
    expect(ok.length).toBeLessThan(files.length * 0.8);
  });
});
