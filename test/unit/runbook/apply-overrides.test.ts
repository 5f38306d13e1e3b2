import { describe, expect, it } from 'vitest';
import { applyOverrides, OverrideError, parseSetArgs } from '../../../src/runbook/apply-overrides.js';
import { parseRunbook } from '../../../src/runbook/load-runbook.js';

const single = () => parseRunbook('release: beacon\nnamespace: wl\nchart: ./chart\nversion: 0.3.0\nvalues: [base.yaml, site.yaml]\nset: { global.imageTag: 0.3.0, a: "1" }\n', 'one.yaml');
const multi = () => parseRunbook('namespace: k\nreleases:\n  - release: platform\n    chart: ./p\n  - release: services\n    chart: ./s\n    values: [s.yaml]\n', 'multi.yaml');

describe('applyOverrides', () => {
  it('appends -f files after the runbook values, so the command line wins where they overlap', () => {
    const r = applyOverrides(single(), { values: ['tonight.yaml'] }).releases[0]!;
    expect(r.values).toEqual(['base.yaml', 'site.yaml', 'tonight.yaml']);
  });

  it('lets --set win per key and moves overridden keys last', () => {
    const r = applyOverrides(single(), { set: ['global.imageTag=0.4.0', 'new.key=x'] }).releases[0]!;
    expect(r.set).toEqual({ a: '1', 'global.imageTag': '0.4.0', 'new.key': 'x' });
    expect(Object.keys(r.set)).toEqual(['a', 'global.imageTag', 'new.key']);
  });

  it('replaces the version and the chart', () => {
    const r = applyOverrides(single(), { version: '0.4.0', chart: 'oci://reg/chart' }).releases[0]!;
    expect(r.version).toBe('0.4.0');
    expect(r.chart).toBe('oci://reg/chart');
  });

  it('leaves the input runbook unchanged', () => {
    const rb = single();
    const before = JSON.stringify(rb);
    applyOverrides(rb, { values: ['x.yaml'], set: ['a=2'], version: '9.9.9' });
    expect(JSON.stringify(rb)).toBe(before);
  });

  it('applies to the release named in a multi-release runbook only', () => {
    const rb = applyOverrides(multi(), { release: 'services', values: ['tonight.yaml'], set: ['replicas=3'] });
    expect(rb.releases[0]).toEqual(multi().releases[0]);
    expect(rb.releases[1]).toMatchObject({ values: ['s.yaml', 'tonight.yaml'], set: { replicas: '3' } });
  });

  it('refuses what does not fit the runbook', () => {
    expect(() => applyOverrides(multi(), { values: ['x.yaml'] })).toThrow(new OverrideError('the runbook multi.yaml upgrades platform, services: name the release the command-line options are for'));
    expect(() => applyOverrides(single(), { release: 'other' })).toThrow('release other is not in the runbook one.yaml (it upgrades beacon)');
    expect(() => applyOverrides(single(), { namespace: 'elsewhere' })).toThrow('-n elsewhere: the runbook one.yaml upgrades beacon in namespace wl');
    expect(applyOverrides(single(), { namespace: 'wl' }).releases[0]!.namespace).toBe('wl');
    expect(applyOverrides(multi(), {})).toEqual(multi());
  });
});

describe('parseSetArgs', () => {
  it("reads helm's --set syntax: comma-separated pairs, lists in braces, escaped commas", () => {
    expect(parseSetArgs(['a=1,b=2', 'list={x,y}', 'esc=a\\,b', 'url=http://h/?q=1', 'empty='])).toEqual({ a: '1', b: '2', list: '{x,y}', esc: 'a\\,b', url: 'http://h/?q=1', empty: '' });
    expect(parseSetArgs(['a=1', 'a=2'])).toEqual({ a: '2' });
  });

  it('refuses a pair without a key', () => {
    expect(() => parseSetArgs(['novalue'])).toThrow('--set novalue: expected KEY=VALUE');
    expect(() => parseSetArgs(['=x'])).toThrow(OverrideError);
    expect(() => parseSetArgs(['a=1,2'])).toThrow('--set a=1,2: expected KEY=VALUE');
  });
});
