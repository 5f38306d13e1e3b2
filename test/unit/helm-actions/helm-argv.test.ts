// The argv builders: every argument its own element, in the order helm reads them.
import { describe, expect, it } from 'vitest';
import { dryRunArgv, historyArgv, rollbackArgv, templateArgv, upgradeArgv, type UpgradeSpec } from '../../../src/helm/actions/helm-argv.js';

const spec: UpgradeSpec = {
  release: 'shop',
  chart: './charts/shop',
  namespace: 'prod',
  values: ['base.yaml', 'my values.yaml'],
  set: { 'image.tag': '1.2.0', 'db.password': 'p@ss; rm -rf /' },
  version: '1.2.0',
  flags: ['--rollback-on-failure', '--timeout', '10m', '--reuse-values'],
  kubeconfig: '/home/sre/.kube/config',
  context: 'prod-eu',
};

describe('upgradeArgv', () => {
  it('builds one element per argument, values and --set kept verbatim', () => {
    expect(upgradeArgv(spec)).toEqual([
      'upgrade', 'shop', './charts/shop',
      '--values', 'base.yaml', '--values', 'my values.yaml',
      '--set', 'image.tag=1.2.0', '--set', 'db.password=p@ss; rm -rf /',
      '--version', '1.2.0',
      '--rollback-on-failure', '--timeout', '10m', '--reuse-values',
      '--namespace', 'prod', '--kubeconfig', '/home/sre/.kube/config', '--kube-context', 'prod-eu',
    ]);
  });

  it('leaves out what was not given', () => {
    expect(upgradeArgv({ release: 'a', chart: 'repo/a', namespace: 'n', values: [], set: {}, flags: [] })).toEqual(['upgrade', 'a', 'repo/a', '--namespace', 'n']);
  });

  it.each([
    ['a release that looks like a flag', { release: '--dry-run' }],
    ['an empty chart', { chart: '' }],
    ['a --set key with =', { set: { 'a=b': 'c' } }],
    ['no namespace', { namespace: '' }],
  ])('refuses %s', (_what, patch) => {
    expect(() => upgradeArgv({ ...spec, ...patch })).toThrow();
  });
});

describe('dryRunArgv', () => {
  it('asks the server for the would-be release as JSON, dropping wait/undo flags but keeping value flags', () => {
    const argv = dryRunArgv({ ...spec, flags: ['--wait', '--timeout', '10m', '--atomic', '--timeout=5m', '--reuse-values', '--history-max', '5', '--server-side=false'] });
    expect(argv).toContain('--dry-run=server');
    expect(argv.join(' ')).toContain('--output json');
    expect(argv).toContain('--reuse-values');
    expect(argv).toContain('--server-side=false');
    for (const gone of ['--wait', '10m', '--atomic', '--timeout=5m', '--timeout', '--history-max', '5']) expect(argv).not.toContain(gone);
    expect(argv.slice(0, 3)).toEqual(['upgrade', 'shop', './charts/shop']);
  });
});

describe('rollbackArgv', () => {
  it('names the revision, waits and times out as asked', () => {
    expect(rollbackArgv({ release: 'shop', revision: 3, namespace: 'prod', wait: true, timeout: 300_000 })).toEqual([
      'rollback', 'shop', '3', '--wait', '--timeout', '300s', '--namespace', 'prod',
    ]);
  });

  it('without a revision rolls back to the previous one; a helm duration passes through', () => {
    expect(rollbackArgv({ release: 'shop', namespace: 'prod', wait: false, timeout: '5m', context: 'c' })).toEqual([
      'rollback', 'shop', '--timeout', '5m', '--namespace', 'prod', '--kube-context', 'c',
    ]);
  });

  it.each([0, -1, 1.5])('refuses revision %s', (revision) => {
    expect(() => rollbackArgv({ release: 'shop', revision, namespace: 'p', wait: false })).toThrow(/revision/);
  });
});

describe('templateArgv and historyArgv', () => {
  it('renders the same chart inputs without a cluster', () => {
    expect(templateArgv({ ...spec, flags: undefined }).slice(0, 5)).toEqual(['template', 'shop', './charts/shop', '--values', 'base.yaml']);
    expect(templateArgv(spec)).toContain('--kube-context');
  });

  it('asks for JSON history, bounded when asked', () => {
    expect(historyArgv({ release: 'shop', namespace: 'prod', max: 10 })).toEqual(['history', 'shop', '--output', 'json', '--max', '10', '--namespace', 'prod']);
  });
});
