import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook, parseRunbook } from '../../../src/runbook/load-runbook.js';
import { STEP_TABLE } from '../../../src/runbook/step-table.js';
import type { Step } from '../../../src/runbook/types.js';
import { formatDuration, upgradeSettings } from '../../../src/runbook/upgrade-flags.js';
import { withSteps } from './helpers.js';

/** DESIGN.md's "Runbook file (sketch)", verbatim: the schema must keep it working. */
const DESIGN_SKETCH = `release: beacon
namespace: watchlight
chart: ./deploy/helm/watchlight-beacon
values: [your-values.yaml]
set: { global.imageTag: 0.4.0-preview }
preflight:
  - manual: Review the release notes for the target version
    link: https://example.invalid/release-notes
  - check: release-settled        # latest revision deployed, nothing pending-*
  - check: pods-healthy           # all Running and Ready, no crash/backoff
  - check: hpa-valid              # metrics known, not pinned at max
  - check: consumer-lag
    source: { prometheus: http://127.0.0.1:9090 }
    groups: [event-processor]
    max: 100
  - check: images-exist           # every image in the rendered manifest
  - run: Back up the database
    command: [kubectl, exec, -n, watchlight, sts/beacon-postgresql, --, pg_dump, -U, beacon, -d, beacon]
    save: backups/beacon-{date}.sql
  - check: diff                   # values + manifest diff vs the deployed revision
upgrade:
  flags: [--rollback-on-failure, --timeout, 10m]
verify:
  - http: https://beacon.example.invalid/ready
    expect: 200
  - logs: { selector: app.kubernetes.io/name=wl-registry, match: 'applied \\d+ migrations', within: 5m }
`;

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
const DESIGN = path.resolve(import.meta.dirname, '../../../../shared/DESIGN.md');
const kinds = (steps: Step[]) => steps.map((s) => s.kind);

describe("DESIGN.md's runbook sketch", () => {
  it.runIf(existsSync(DESIGN))('is the sketch in DESIGN.md, word for word', () => {
    const md = readFileSync(DESIGN, 'utf8');
    const start = md.indexOf('```yaml\n', md.indexOf('## Runbook file')) + '```yaml\n'.length;
    expect(md.slice(start, md.indexOf('```', start))).toBe(DESIGN_SKETCH);
  });

  it('parses into one release with its steps, flags and defaults', () => {
    const rb = parseRunbook(DESIGN_SKETCH, 'design.yaml');
    expect(rb.file).toBe('design.yaml');
    const [r] = rb.releases;
    expect(r).toMatchObject({ release: 'beacon', namespace: 'watchlight', chart: './deploy/helm/watchlight-beacon', values: ['your-values.yaml'], set: { 'global.imageTag': '0.4.0-preview' } });
    expect(kinds(r!.preflight)).toEqual(['manual', 'release-settled', 'pods-healthy', 'hpa-valid', 'consumer-lag', 'images-exist', 'run', 'diff']);
    expect(r!.preflight[2]).toEqual({ id: 'preflight.3.pods-healthy', title: 'Pods healthy', required: true, kind: 'pods-healthy', pos: { file: 'design.yaml', line: 10, column: 5 } });
    expect(r!.preflight[4]).toMatchObject({ kind: 'consumer-lag', sources: ['prometheus=http://127.0.0.1:9090'], groups: ['event-processor'], maxLag: 100, samples: 3, windowMs: 300_000 });
    expect(r!.preflight[6]).toMatchObject({ kind: 'run', command: ['kubectl', 'exec', '-n', 'watchlight', 'sts/beacon-postgresql', '--', 'pg_dump', '-U', 'beacon', '-d', 'beacon'], save: 'backups/beacon-{date}.sql', timeoutMs: 600_000 });
    expect(r!.upgrade).toEqual({ flags: ['--rollback-on-failure', '--timeout', '10m'], timeoutMs: 600_000, observeMs: 120_000, onVerifyFailure: 'rollback' });
    expect(r!.verify).toMatchObject([
      { kind: 'http', url: 'https://beacon.example.invalid/ready', expect: 200, timeoutMs: 10_000, insecure: false },
      { kind: 'logs', selector: 'app.kubernetes.io/name=wl-registry', match: 'applied \\d+ migrations', withinMs: 300_000 },
    ]);
    expect(r!.rollback).toEqual({ notes: [], migrationsForwardOnly: false });
  });
});

describe('the examples', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

  it('has one runbook per seed product', () => {
    expect(files.sort()).toEqual(['alexandria-ee.yaml', 'datafly-signal.yaml', 'infrahub.yaml', 'kleidia.yaml', 'watchlight-beacon.yaml']);
  });

  it.each(files)('%s loads, gates on its state, and says where its steps come from', (name) => {
    const text = readFileSync(path.join(EXAMPLES, name), 'utf8');
    expect(text).toMatch(/^# .+\n#[\s\S]*→/); // the header maps seed steps to helmdeck steps
    const rb = loadRunbook(path.join(EXAMPLES, name));
    for (const r of rb.releases) expect(kinds(r.preflight)).toContain('release-settled');
    const all = rb.releases.flatMap((r) => [...r.preflight, ...r.verify]);
    expect(all.some((s) => s.kind === 'rollout-complete')).toBe(true);
    expect(rb.releases.some((r) => r.rollback.notes.length > 0)).toBe(true);
  });

  it('kleidia upgrades platform, then data, then services, in the shared namespace, with release-prefixed ids', () => {
    const rb = loadRunbook(path.join(EXAMPLES, 'kleidia.yaml'));
    expect(rb.releases.map((r) => `${r.namespace}/${r.release}`)).toEqual(['kleidia/kleidia-platform', 'kleidia/kleidia-data', 'kleidia/kleidia-services']);
    expect(rb.releases[1]!.preflight[0]!.id).toBe('kleidia-data.preflight.1.release-settled');
    expect(rb.releases[0]!.preflight.find((s) => s.id === 'backup-db')).toMatchObject({ kind: 'run', save: 'backups/kleidia-db-{window}.sql', timeoutMs: 1_800_000 });
    expect(rb.releases[0]!.upgrade).toEqual({ flags: ['--rollback-on-failure', '--timeout', '10m'], timeoutMs: 600_000, observeMs: 120_000, onVerifyFailure: 'rollback' });
  });

  it('alexandria-ee checks the license fields and infrahub stretches the upgrade timeout', () => {
    const alex = loadRunbook(path.join(EXAMPLES, 'alexandria-ee.yaml')).releases[0]!;
    expect(alex.verify.find((s) => s.kind === 'http' && s.url.endsWith('/license'))).toMatchObject({ jsonFields: { tier: 'enterprise' } });
    expect(alex.values).toHaveLength(3);
    const infra = loadRunbook(path.join(EXAMPLES, 'infrahub.yaml')).releases[0]!;
    expect(infra.upgrade).toEqual({ flags: ['--rollback-on-failure', '--timeout', '30m'], timeoutMs: 1_800_000, observeMs: 120_000, onVerifyFailure: 'rollback' });
  });
});

describe('the step table', () => {
  it.each(STEP_TABLE.map((s) => [s.kind, s] as const))("%s's reference example loads as that kind", (kind, spec) => {
    const section = spec.only === 'verify' ? 'verify' : 'preflight';
    const text = withSteps(`${section}:\n${spec.example.replace(/^/gm, '  ')}\n`);
    const [step] = parseRunbook(text, 'example.yaml').releases[0]![section];
    expect(step!.kind).toBe(kind);
  });
});

describe('defaults', () => {
  it('fills every optional field', () => {
    const rb = parseRunbook(withSteps([
      'preflight:',
      '  - check: consumer-lag',
      '    max: 0',
      '  - check: version-policy',
      '  - check: secret-present',
      '    name: db',
      '  - run: Script',
      '    command: [./check.sh]',
      'verify:',
      '  - http: http://app.invalid/ready',
      '  - logs: { selector: app=x, fail-on: panic }',
      '  - check: rollout-complete',
      '  - check: helm-test',
      '',
    ].join('\n')), 'd.yaml');
    const [r] = rb.releases;
    expect(r!.namespace).toBe('default');
    expect(r!.values).toEqual([]);
    expect(r!.set).toEqual({});
    expect(r!.version).toBeUndefined();
    expect(r!.upgrade).toEqual({ flags: ['--rollback-on-failure', '--timeout', '10m'], timeoutMs: 600_000, observeMs: 120_000, onVerifyFailure: 'rollback' });
    expect(r!.preflight).toMatchObject([
      { id: 'preflight.1.consumer-lag', required: true, sources: [], groups: [], maxLag: 0, samples: 3, windowMs: 300_000, title: 'Consumer lag ≤ 0' },
      { id: 'preflight.2.version-policy', allow: 'minor', allowDowngrade: false },
      { id: 'preflight.3.secret-present', name: 'db', keys: [] },
      { id: 'preflight.4.run', title: 'Script', command: ['./check.sh'], timeoutMs: 600_000 },
    ]);
    expect(r!.preflight[3]).not.toHaveProperty('save');
    expect(r!.verify).toMatchObject([
      { id: 'verify.1.http', expect: 200, timeoutMs: 10_000, insecure: false, title: 'GET http://app.invalid/ready → 200' },
      { id: 'verify.2.logs', failOn: 'panic', withinMs: 300_000 },
      { id: 'verify.3.rollout-complete', timeoutMs: 600_000 },
      { id: 'verify.4.helm-test', timeoutMs: 300_000 },
    ]);
  });

  it('takes common keys, unquoted numbers in argv, and notes as one string', () => {
    const r = parseRunbook(withSteps([
      'version: 1.10',
      'set: { replicas: 3, feature.enabled: true }',
      'preflight:',
      '  - run: Dump',
      '    id: dump',
      '    title: Dump the database',
      '    required: false',
      '    command: [pg_dump, -p, 5432]',
      '    env: { PGPORT: 5432 }',
      'rollback:',
      '  notes: Restore the dump.',
      '  migrations: forward-only',
      '',
    ].join('\n')), 'c.yaml').releases[0]!;
    expect(r.version).toBe('1.10');
    expect(r.set).toEqual({ replicas: '3', 'feature.enabled': 'true' });
    expect(r.preflight[0]).toMatchObject({ id: 'dump', title: 'Dump the database', required: false, command: ['pg_dump', '-p', '5432'], env: { PGPORT: '5432' } });
    expect(r.rollback).toEqual({ notes: ['Restore the dump.'], migrationsForwardOnly: true });
  });

  it('gives a multi-release runbook the shared namespace unless a release names its own', () => {
    const rb = parseRunbook('namespace: shared\nreleases:\n  - release: a\n    chart: ./a\n  - release: b\n    namespace: own\n    chart: ./b\n', 'm.yaml');
    expect(rb.releases.map((r) => r.namespace)).toEqual(['shared', 'own']);
    const bare = parseRunbook('releases:\n  - release: a\n    chart: ./a\n', 'm.yaml');
    expect(bare.releases[0]!.namespace).toBe('default');
  });
});

describe('upgradeSettings', () => {
  it('keeps helm --timeout and upgrade.timeout in agreement', () => {
    expect(upgradeSettings(undefined, undefined)).toEqual({ flags: ['--rollback-on-failure', '--timeout', '10m'], timeoutMs: 600_000, problems: [] });
    expect(upgradeSettings(undefined, 1_800_000).flags).toEqual(['--rollback-on-failure', '--timeout', '30m']);
    expect(upgradeSettings(['--wait'], undefined)).toEqual({ flags: ['--wait'], timeoutMs: 300_000, problems: [] });
    expect(upgradeSettings(['--wait'], 90_000).flags).toEqual(['--wait', '--timeout', '1m30s']);
    expect(upgradeSettings(['--atomic', '--timeout=15m'], undefined).timeoutMs).toBe(900_000);
    expect(upgradeSettings(['--timeout=15m'], 900_000).problems).toEqual([]);
    expect(upgradeSettings(['--timeout'], undefined).problems).toEqual([{ index: 0, reason: '--timeout needs a duration such as 10m after it' }]);
    expect(upgradeSettings([], undefined)).toEqual({ flags: [], timeoutMs: 300_000, problems: [] });
  });

  it('formats durations the way helm parses them', () => {
    expect([600_000, 5_400_000, 45_000, 1500, 0].map(formatDuration)).toEqual(['10m', '1h30m', '45s', '1s500ms', '0s']);
  });
});
