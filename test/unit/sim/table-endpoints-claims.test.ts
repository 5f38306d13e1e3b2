import { describe, expect, it } from 'vitest';
import { accessModes } from '../../../src/sim/api/table/claim-printer.js';
import { endpointSlice, formatEndpoints, endpoints } from '../../../src/sim/api/table/endpoint-printers.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const meta = { name: 'web', creationTimestamp: '2025-06-01T11:00:00Z' };

describe('endpoints cell', () => {
  it.each([
    [[], '<none>'],
    [[{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 443 }] }], '10.0.0.1:80,10.0.0.1:443'],
    [[{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }], '10.0.0.1,10.0.0.2'],
    [[{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }], '[fd00::1]:80'],
    [[{ notReadyAddresses: [{ ip: '10.0.0.9' }], ports: [{ port: 80 }] }], ''],
    [
      [{ addresses: ['1', '2', '3', '4', '5'].map((n) => ({ ip: `10.0.0.${n}` })), ports: [{ port: 80 }] }],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...',
    ],
  ])('%j -> %s', (subsets, want) => {
    expect(formatEndpoints({ subsets })).toBe(want);
    expect(endpoints.cells({ metadata: meta, subsets }, NOW)).toEqual(['web', want, '60m']);
  });
});

describe('endpointslice cells', () => {
  it('shows ports by number or name and addresses with the rest counted', () => {
    const slice = {
      metadata: meta,
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 9000 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }, { addresses: ['10.0.0.4'] }],
    };
    expect(endpointSlice.cells(slice, NOW)).toEqual(['web', 'IPv4', '80,metrics,* + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...', '60m']);
    expect(endpointSlice.cells({ metadata: meta, addressType: 'IPv4' }, NOW)).toEqual(['web', 'IPv4', '<unset>', '<unset>', '60m']);
  });
});

describe('access modes', () => {
  it('abbreviates in kube order without duplicates', () => {
    expect(accessModes(['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'])).toBe('RWO,RWX,RWOP');
    expect(accessModes(undefined)).toBe('');
  });
});
