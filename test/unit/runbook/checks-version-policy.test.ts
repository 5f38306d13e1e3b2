// version-policy: SemVer precedence as the spec defines it, and the policy
// table — allowed step sizes, skipped minors, downgrades.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeOf, compareSemVer, parseSemVer, skipped } from '../../../src/helm/semver.js';
import { judgeVersion, run } from '../../../src/runbook/checks/version-policy.js';
import { createDeckStore } from '../../../src/store/index.js';
import { feed, manifestOf, shopSecret } from '../store/world.js';

const v = (t: string) => parseSemVer(t)!;

describe('semver', () => {
  it('orders versions by SemVer 2.0.0 precedence (the spec example chain)', () => {
    const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '2.0.0'];
    for (let i = 1; i < chain.length; i++) expect(compareSemVer(v(chain[i - 1]!), v(chain[i]!)), `${chain[i - 1]} < ${chain[i]}`).toBeLessThan(0);
    expect(compareSemVer(v('1.0.0+build.1'), v('1.0.0+build.2'))).toBe(0);
    expect(compareSemVer(v('v1.2.3'), v('1.2.3'))).toBe(0);
  });

  it('refuses what is not a single version', () => {
    for (const t of ['~1.2.0', '>=1.0.0', '1.2.3-', '1.2.3-01', 'V1.2.3', '1.2.3.4', 'latest', '']) expect(parseSemVer(t), t).toBeUndefined();
  });

  it('names the step and what it skips', () => {
    expect(changeOf(v('1.2.3'), v('1.2.4'))).toBe('patch');
    expect(changeOf(v('1.2.3'), v('1.2.3-rc.1'))).toBe('patch');
    expect(changeOf(v('1.2.3'), v('1.4.0'))).toBe('minor');
    expect(changeOf(v('1.2.3'), v('3.0.0'))).toBe('major');
    expect(changeOf(v('1.2.3'), v('1.2.3+meta'))).toBe('none');
    expect(skipped(v('1.2.3'), v('1.5.0'))).toEqual(['1.3', '1.4']);
    expect(skipped(v('1.2.3'), v('3.0.0'))).toEqual(['2.x']);
    expect(skipped(v('1.2.3'), v('1.3.9'))).toEqual([]);
  });
});

describe('judgeVersion', () => {
  const policy = (allow: 'patch' | 'minor' | 'major', allowDowngrade = false) => ({ allow, allowDowngrade });
  it.each([
    ['1.7.0', '1.7.0', policy('patch'), 'pass', 'same chart version 1.7.0: a values-only upgrade'],
    ['1.7.0', '1.7.3', policy('patch'), 'pass', 'patch upgrade 1.7.0 → 1.7.3'],
    ['1.7.0', '1.8.0', policy('patch'), 'fail', 'minor upgrade 1.7.0 → 1.8.0: the runbook allows only patch steps'],
    ['1.7.0', '1.8.0', policy('minor'), 'pass', 'minor upgrade 1.7.0 → 1.8.0'],
    ['1.7.0', '1.9.1', policy('minor'), 'warn', 'minor upgrade 1.7.0 → 1.9.1 skips 1.8: read their release notes too'],
    ['1.7.0', '2.0.0', policy('minor'), 'fail', 'major upgrade 1.7.0 → 2.0.0: the runbook allows only minor steps'],
    ['1.7.0', '3.1.0', policy('major'), 'warn', 'major upgrade 1.7.0 → 3.1.0 skips 2.x: read their release notes too'],
    ['0.4.0', '0.5.0', policy('minor'), 'pass', 'minor upgrade 0.4.0 → 0.5.0 (0.x: a minor step may break compatibility)'],
    ['1.8.0', '1.7.2', policy('major'), 'fail', 'downgrade 1.8.0 → 1.7.2: not allowed (set allowDowngrade to permit it)'],
    ['1.8.0', '1.7.2', policy('patch', true), 'warn', 'downgrade 1.8.0 → 1.7.2 (allowed by the runbook): migrations that ran do not revert'],
    ['1.8.0', '1.8.0-rc.1', policy('major'), 'fail', 'downgrade 1.8.0 → 1.8.0-rc.1: not allowed (set allowDowngrade to permit it)'],
    ['1.8', '1.8.1', policy('patch'), 'pass', 'patch upgrade 1.8 → 1.8.1'],
    ['1.8.0', '2', policy('minor'), 'fail', 'major upgrade 1.8.0 → 2: the runbook allows only minor steps'],
    ['1.8.0', '~1.9', policy('major'), 'warn', 'target "~1.9" is a range: helm installs the newest chart version in it, which this check cannot see — pin --version to judge the step'],
    ['1.8.0', 'latest', policy('major'), 'fail', 'target version "latest" is neither a version nor a range helm accepts'],
    ['abc', '1.9.0', policy('major'), 'warn', 'deployed chart version "abc" is not SemVer: cannot compare'],
  ])('%s → %s under %o: %s', (from, to, p, status, summary) => {
    expect(judgeVersion(from, to, p)).toMatchObject({ status, summary });
  });
});

describe('run', () => {
  const step = { id: 'v', title: 'v', required: true, kind: 'version-policy' as const, allow: 'minor' as const, allowDowngrade: false };
  const store = () => {
    const s = createDeckStore();
    feed(s, 'helm-secrets', [shopSecret(1, 'superseded', { chartVersion: '1.6.0', appVersion: '1', manifest: manifestOf([]) }), shopSecret(2, 'deployed', { chartVersion: '1.7.0', appVersion: '1', manifest: manifestOf([]) })]);
    return s;
  };

  it("reads a local chart's Chart.yaml when no --version is given, relative to the workdir", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmdeck-chart-'));
    try {
      mkdirSync(join(dir, 'chart'));
      writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.9.0\n');
      const r = await run(step, { store: store(), release: 'shop', namespace: 'shop', chart: 'chart', workdir: dir } as never);
      expect(r.status).toBe('warn');
      expect(r.summary).toBe('minor upgrade 1.7.0 → 1.9.0 skips 1.8: read their release notes too');
      expect(r.evidence[1]).toBe(`target chart version 1.9.0 (${join(dir, 'chart', 'Chart.yaml')})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers --version, and warns when the target is a repository chart without one', async () => {
    const ctx = { store: store(), release: 'shop', namespace: 'shop', chart: 'bitnami/postgresql', workdir: '/nonexistent' };
    expect(await run(step, { ...ctx, version: '1.7.5' } as never)).toMatchObject({ status: 'pass', summary: 'patch upgrade 1.7.0 → 1.7.5' });
    expect((await run(step, ctx as never)).summary).toMatch(/^the target chart version is not known \(bitnami\/postgresql without --version\)/);
  });
});
