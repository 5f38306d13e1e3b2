import { describe, expect, it } from 'vitest';
import { checkApplied } from '../../../src/sim/api/schema/apply-check.js';
import { apiErrorOf } from '../../helpers/api-error.js';

const POD = { group: '', version: 'v1', kind: 'Pod' };
const check = (spec: Record<string, unknown>) => () => checkApplied('core/v1.Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }, POD, 'ns', 'p');

describe('checkApplied', () => {
  it('accepts a configuration that fits, quantities and int-or-strings as any scalar', () => {
    expect(check({ containers: [{ name: 'w', image: 'w', ports: [{ containerPort: 80 }], resources: { limits: { cpu: 1, memory: '1Gi' } } }] })).not.toThrow();
  });

  it.each([
    [{ hostNetwork: 'yes' }, '.spec.hostNetwork: expected boolean, got &{yes}'],
    [{ containers: 'w' }, '.spec.containers: expected list, got &value.valueUnstructured{Value:"w"}'],
    [{ containers: [{ name: 'w', ports: [{ containerPort: '80' }] }] }, '.spec.containers[name="w"].ports[containerPort="80",protocol="TCP"].containerPort: expected numeric (int or float), got string'],
    [{ containers: [{ name: 'w', args: [1] }] }, '.spec.containers[name="w"].args[0]: expected string, got &value.valueUnstructured{Value:1}'],
    [{ nodeSelector: { disk: 5 } }, '.spec.nodeSelector.disk: expected string, got &value.valueUnstructured{Value:5}'],
  ])('%j -> %s', (spec, want) => {
    const err = apiErrorOf(check(spec));
    expect(err.code).toBe(500);
    expect(err.message).toBe(`failed to create typed patch object (ns/p; /v1, Kind=Pod): ${want}`);
  });
});
