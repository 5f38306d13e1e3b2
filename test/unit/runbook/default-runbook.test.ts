import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNBOOK_FILE, defaultRunbook } from '../../../src/runbook/default-runbook.js';
import { parseRunbook } from '../../../src/runbook/load-runbook.js';

describe('defaultRunbook', () => {
  it('checks release, pods, HPAs, PDBs and the diff before, and the rollout after', () => {
    const rb = defaultRunbook({ release: 'shop', namespace: 'prod', chart: './chart', values: ['v.yaml'], set: { 'image.tag': '2.0' }, version: '1.4.0' });
    expect(rb.file).toBe(DEFAULT_RUNBOOK_FILE);
    expect(rb.releases).toHaveLength(1);
    const [r] = rb.releases;
    expect(r).toMatchObject({ release: 'shop', namespace: 'prod', chart: './chart', values: ['v.yaml'], set: { 'image.tag': '2.0' }, version: '1.4.0' });
    expect(r!.preflight.map((s) => s.id)).toEqual(['preflight.1.release-settled', 'preflight.2.pods-healthy', 'preflight.3.hpa-valid', 'preflight.4.pdb', 'preflight.5.diff']);
    expect(r!.verify).toEqual([{ id: 'verify.1.rollout-complete', kind: 'rollout-complete', title: 'Rollout complete', required: true, timeoutMs: 600_000 }]);
    expect(r!.upgrade).toEqual({ flags: ['--rollback-on-failure', '--timeout', '10m'], timeoutMs: 600_000, observeMs: 120_000, onVerifyFailure: 'rollback' });
    expect(r!.preflight.every((s) => s.required)).toBe(true);
  });

  it('is the runbook a file with the same steps would give', () => {
    const fromFile = parseRunbook([
      'release: shop', 'chart: ./chart', 'preflight:',
      '  - check: release-settled', '  - check: pods-healthy', '  - check: hpa-valid', '  - check: pdb', '  - check: diff',
      'verify:', '  - check: rollout-complete', '',
    ].join('\n'), 'same.yaml');
    const strip = <T extends { pos?: unknown }>(s: T) => ({ ...s, pos: undefined });
    const built = defaultRunbook({ release: 'shop', chart: './chart' }).releases[0]!;
    const loaded = fromFile.releases[0]!;
    expect(built.preflight).toEqual(loaded.preflight.map(strip));
    expect(built.verify).toEqual(loaded.verify.map(strip));
    expect({ ...built, preflight: [], verify: [] }).toEqual({ ...loaded, preflight: [], verify: [] });
  });

  it('copies the lists it is given and leaves the version out when none is given', () => {
    const values = ['a.yaml'];
    const r = defaultRunbook({ release: 'x', chart: 'repo/x', values }).releases[0]!;
    values.push('b.yaml');
    expect(r.values).toEqual(['a.yaml']);
    expect(r).not.toHaveProperty('version');
    expect(r.namespace).toBe('default');
  });
});
