import { describe, expect, it } from 'vitest';
import { computeLayout, KEY_BAR_ROWS, listCapacity, paneBox, STATUS_ROWS } from '../../../src/ui/layout.js';
import { PANES, paneAfter, paneOfCommand } from '../../../src/ui/panes.js';

describe('computeLayout', () => {
  it('uses tabs below 120×36 and a grid of all seven panes from there', () => {
    expect(computeLayout(80, 24, 'hpa').mode).toBe('tabs');
    expect(computeLayout(119, 48, 'hpa').mode).toBe('tabs');
    expect(computeLayout(160, 35, 'hpa').mode).toBe('tabs');
    const grid = computeLayout(120, 36, 'hpa');
    expect(grid.mode).toBe('grid');
    expect(grid.bands.flatMap((b) => b.panes.map((p) => p.pane)).sort()).toEqual(PANES.map((p) => p.id).sort());
  });

  it('shows only the focused pane in tabs, with a strip row', () => {
    const l = computeLayout(80, 24, 'history');
    expect(l.tabRows).toBe(1);
    expect(l.bands).toEqual([{ height: 20, panes: [{ pane: 'history', width: 80, height: 20 }] }]);
    expect(paneBox(l, 'pods')).toBeUndefined();
  });

  it.each([[80, 24], [100, 30], [120, 36], [160, 48], [211, 57], [300, 100], [40, 8]])('at %i×%i every row and column is accounted for', (cols, rows) => {
    const l = computeLayout(cols, rows, 'pods');
    expect(STATUS_ROWS + l.tabRows + l.bodyRows + KEY_BAR_ROWS).toBe(rows);
    expect(l.bands.reduce((t, b) => t + b.height, 0)).toBe(l.bodyRows);
    for (const b of l.bands) {
      expect(b.panes.reduce((t, p) => t + p.width, 0)).toBe(cols);
      for (const p of b.panes) expect(p.height).toBe(b.height);
    }
  });

  it('gives up below 40×8 instead of drawing a broken frame', () => {
    expect(computeLayout(39, 24, 'pods').mode).toBe('too-small');
    expect(computeLayout(80, 7, 'pods')).toMatchObject({ mode: 'too-small', bands: [] });
  });
});

describe('panes', () => {
  it('numbers panes as the focus.paneN commands do and cycles in that order', () => {
    expect(paneOfCommand('focus.pane1')).toBe('pods');
    expect(paneOfCommand('focus.pane7')).toBe('checklist');
    expect(paneOfCommand('focus.next')).toBeUndefined();
    expect(paneAfter('checklist', 1)).toBe('pods');
    expect(paneAfter('pods', -1)).toBe('checklist');
  });

  it('keeps one row for "N more" only when a list overflows', () => {
    expect(listCapacity(10, 10)).toBe(10);
    expect(listCapacity(10, 11)).toBe(9);
  });
});
