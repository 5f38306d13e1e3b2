// Names cut in the middle so their unique suffix stays, and the column
// rules around them: the name gets its width first, NODE shows only beside
// a whole name, AGE goes only when even the minimums do not fit.
import { POD_COLUMNS } from '../../../src/ui/panes/pod-columns.js';
import { describe, expect, it } from 'vitest';
import { cellTexts, layoutColumns } from '../../../src/ui/columns.js';
import { clipName, fitName } from '../../../src/ui/fit-name.js';
import { logsTitle } from '../../../src/ui/panes/logs-pane.js';

describe('clipName', () => {
  it.each([
    ['shop-api-784dbb664-7fkq2', 18, 'shop-api-78…-7fkq2'],
    ['shop-api-784dbb664-7fkq2', 24, 'shop-api-784dbb664-7fkq2'],
    ['shop-api-784dbb664-7fkq2', 12, 'shop-…-7fkq2'],
    ['shop-db-1', 8, 'shop-…-1'],
    ['  ↳ shop-web-68674f48b9-x2x9z', 20, '  ↳ shop-web-…-x2x9z'],
    // No dash, or a suffix too long to keep with a useful start: an even middle cut.
    ['averyveryverylongname', 9, 'aver…name'],
    ['a-averyveryverylongsuffix', 10, 'a-ave…ffix'],
    ['anything', 1, '…'],
    ['anything', 0, ''],
  ])('%s in %i → %s', (name, width, want) => {
    const got = clipName(name, width);
    expect(got).toBe(want);
    expect([...got].length).toBeLessThanOrEqual(width);
  });

  it('pads to the width like fit', () => {
    expect(fitName('db-0', 6)).toBe('db-0  ');
    expect(fitName('db-0', 6, 'right')).toBe('  db-0');
  });
});

describe('layoutColumns with a name column', () => {
  const pods = POD_COLUMNS;
  const name = 'shop-worker-57799b6d8-abcde';

  it('gives the name its whole width first, and NODE the rest (80 columns)', () => {
    const w = layoutColumns(pods, 78, name.length);
    expect(w[0]).toBe(name.length);
    expect(w[5]).toBeGreaterThanOrEqual(10);
    expect(w.reduce((a, b) => a + b + 1, -1)).toBe(78);
  });

  it('drops NODE rather than cut the name, and keeps AGE (half of 160 columns)', () => {
    const w = layoutColumns(pods, 56, name.length);
    expect(w[5]).toBe(0);
    expect(w[4]).toBe(4);
    expect(w[0]).toBe(17);
    expect(cellTexts(pods, w, [name, '1/1', '✓ Running', '0', '15s', 'node-1'])[0]).toBe('shop-worke…-abcde');
  });

  it('drops NODE before AGE when even the minimums do not fit', () => {
    const w = layoutColumns(pods, 52, name.length);
    expect(w[5]).toBe(0);
    expect(w[4]).toBe(0);
    expect(w[0]).toBeGreaterThanOrEqual(16);
  });

  it('without a known longest name, growth follows the weights as before', () => {
    expect(layoutColumns(pods, 78)[5]).toBeGreaterThan(0);
  });
});

describe('the Logs title', () => {
  it('keeps the pod suffix and the container when the pane is narrow', () => {
    const title = logsTitle('6 Logs ', 'storefront-checkout-payments-web-65d9f6745c-f2nj6', '/web', 50);
    expect(title).toBe('6 Logs storefront-checkout-paymen…-f2nj6/web');
    expect([...title].length).toBe(50 - 6);
    expect(logsTitle('6 Logs ', 'shop-web-1', '/web', 50)).toBe('6 Logs shop-web-1/web');
  });
});
