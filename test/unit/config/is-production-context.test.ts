import { describe, expect, it } from 'vitest';
import { defaultConfig, isProductionContext } from '../../../src/config/config.js';

describe('isProductionContext with the default pattern', () => {
  const cfg = defaultConfig();
  it.each([
    ['prod', true],
    ['production', true],
    ['PROD', true],
    ['prd', true],
    ['eu-prod-1', true],
    ['prod2', true],
    ['gke_acme-proj_europe-west1_prod', true],
    ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', true],
    ['prd.k8s.acme.internal', true],
    ['shop-production-eu', true],
    ['staging', false],
    ['kind-dev', false],
    ['product-demo', false], // "prod" inside a word
    ['preprod', false],
    ['pre-prod', false], // staging by another name: a red banner here trains people to ignore it
    ['non-prod', false],
    ['nonprod-eu', false],
    ['kubesim', false],
    ['', false],
  ])('%j → %s', (name, expected) => {
    expect(isProductionContext(cfg, name)).toBe(expected);
  });
});

describe('explicit per-context settings win over the pattern', () => {
  const cfg = { ...defaultConfig(), contexts: { 'pre-prod': { production: true }, 'prod-sandbox': { production: false }, 'eu-prod': { theme: 'light' } } };
  it.each([
    ['pre-prod', true], // pattern says no, config says yes
    ['prod-sandbox', false], // pattern says yes, config says no
    ['eu-prod', true], // an entry without production falls back to the pattern
    ['toString', false], // not an entry: Object.prototype names are not contexts
  ])('%s → %s', (name, expected) => {
    expect(isProductionContext(cfg, name)).toBe(expected);
  });

  it('uses a custom pattern case-insensitively', () => {
    const custom = { contexts: {}, productionPattern: /(^|-)live($|-)/i };
    expect(isProductionContext(custom, 'eu-LIVE-1')).toBe(true);
    expect(isProductionContext(custom, 'eu-prod-1')).toBe(false);
  });

  it('is not stateful with a /g pattern', () => {
    const g = { contexts: {}, productionPattern: /prod/gi };
    expect([1, 2, 3].map(() => isProductionContext(g, 'prod'))).toEqual([true, true, true]);
  });
});
