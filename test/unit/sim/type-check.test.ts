import { describe, expect, it } from 'vitest';
import { decodeAs } from '../../../src/sim/api/schema/type-check.js';
import { apiErrorOf } from '../../helpers/api-error.js';

const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
const message = (fn: () => unknown) => apiErrorOf(fn).message;

describe('decodeAs', () => {
  it('keeps a well-typed object as it is', () => {
    const obj = pod({
      containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '250m', memory: 1e9 } } }],
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg' } }],
      readinessGates: null,
    });
    expect(decodeAs('core/v1.Pod', obj, 'Strict')).toEqual({ object: obj, warnings: [] });
  });

  it.each([
    [{ containers: [{ name: 'web', image: 5 }] }, 'json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string'],
    [{ containers: { name: 'web' } }, 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container'],
    [{ hostNetwork: 'yes' }, 'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool'],
    [{ terminationGracePeriodSeconds: 1.5 }, 'json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64'],
    [{ nodeSelector: { disk: true } }, 'json: cannot unmarshal bool into Go struct field PodSpec.spec.nodeSelector of type string'],
    [{ restartPolicy: 1 }, 'json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy'],
    // Fields of an embedded struct belong to the outer one, as Go promotes them.
    [{ volumes: [{ name: 'x', configMap: 'cfg' }] }, 'json: cannot unmarshal string into Go struct field Volume.spec.volumes.configMap of type v1.ConfigMapVolumeSource'],
  ])('%j -> %s', (spec, want) => {
    expect(message(() => decodeAs('core/v1.Pod', pod(spec), 'Strict'))).toBe(`Pod in version "v1" cannot be handled as a Pod: ${want}`);
  });

  it('lists unknown fields with indices; Warn returns them, Ignore does not, both drop them', () => {
    const obj = pod({ containers: [{ name: 'web', image: 'w', imagePolicy: 'x' }], extra: 1 });
    expect(message(() => decodeAs('core/v1.Pod', obj, 'Strict'))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePolicy", unknown field "spec.extra"',
    );
    const warned = decodeAs('core/v1.Pod', obj, 'Warn');
    expect(warned.warnings).toEqual(['unknown field "spec.containers[0].imagePolicy"', 'unknown field "spec.extra"']);
    expect(warned.object).toEqual(pod({ containers: [{ name: 'web', image: 'w' }] }));
    expect(decodeAs('core/v1.Pod', obj, 'Ignore').warnings).toEqual([]);
  });

  it('checks IntOrString, quantities and base64 bytes', () => {
    const svc = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80, targetPort }] } });
    expect(decodeAs('core/v1.Service', svc('http'), 'Strict').object).toEqual(svc('http'));
    expect(message(() => decodeAs('core/v1.Service', svc(true), 'Strict'))).toContain('json: cannot unmarshal bool into Go value of type int32');
    const quantity = pod({ containers: [{ name: 'w', resources: { requests: { memory: '1Gb' } } }] });
    expect(message(() => decodeAs('core/v1.Pod', quantity, 'Strict'))).toContain('quantities must match the regular expression');
    const secret = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', data: { k: v } });
    expect(decodeAs('core/v1.Secret', secret('aGk='), 'Strict').object).toEqual(secret('aGk='));
    expect(message(() => decodeAs('core/v1.Secret', secret('aGk'), 'Strict'))).toContain('illegal base64 data at input byte 0');
  });
});
