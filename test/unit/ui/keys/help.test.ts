import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../../src/ui/keys/commands.js';
import { helpRows, keyBar, keysMarkdownTable } from '../../../../src/ui/keys/help.js';
import { buildKeymap } from '../../../../src/ui/keys/keymap.js';

describe('helpRows', () => {
  it('lists every command once, grouped by scope, global first', () => {
    const groups = helpRows(buildKeymap());
    expect(groups[0]?.scope).toBe('global');
    expect(groups.map((g) => g.scope)).toEqual(['global', 'list', 'logs', 'history', 'checklist', 'dialog']);
    expect(groups.flatMap((g) => g.rows.map((r) => r.command)).sort()).toEqual(COMMANDS.map((c) => c.id).sort());
    const quit = groups[0]!.rows.find((r) => r.command === 'app.quit')!;
    expect(quit.keys).toEqual(['q', 'Ctrl+C']);
  });

  it('follows overrides and --readonly', () => {
    const groups = helpRows(buildKeymap({ readOnly: true, overrides: { 'list.open': ['o', 'return'] } }));
    const rows = groups.flatMap((g) => g.rows);
    expect(rows.some((r) => r.dangerous)).toBe(false);
    expect(rows.find((r) => r.command === 'list.open')?.keys).toEqual(['o', 'Enter']);
  });
});

describe('keysMarkdownTable', () => {
  const md = keysMarkdownTable(buildKeymap());
  const lines = md.trimEnd().split('\n');

  it('is a Markdown table with one row per command', () => {
    expect(lines[0]).toBe('| Keys | Command | Where | What it does |');
    expect(lines.length).toBe(2 + COMMANDS.length);
    for (const l of lines) expect(l.split(/(?<!\\)\|/).length).toBe(6); // 4 cells, no stray pipes
  });

  it('shows keys as people press them and flags dangerous commands', () => {
    expect(md).toContain('| `R` | `helm.rollback` | Everywhere | Roll back to the previous good revision (asks first) — *dangerous: hidden by `--readonly`* |');
    expect(md).toContain('| `j`, `↓` | `list.down` |');
    expect(md).toContain('| `Space`, `a` | `checklist.ack` | Checklist pane |');
  });
});

describe('keyBar', () => {
  const km = buildKeymap();
  it('shows the focused pane\'s commands, then global ones, without shadowed ones', () => {
    const items = keyBar(km, ['logs', 'list']);
    const ids = items.map((i) => i.command);
    expect(ids.indexOf('logs.follow')).toBeLessThan(ids.indexOf('app.quit'));
    expect(ids).toContain('logs.filter');
    expect(ids).not.toContain('list.filter'); // "/" belongs to logs.filter here
    expect(ids).not.toContain('helm.rollbackTo'); // not the history pane
    expect(items.find((i) => i.command === 'list.open')).toMatchObject({ key: 'Enter', label: 'details' });
  });

  it('carries why a command is disabled now', () => {
    const items = keyBar(km, ['history', 'list'], { release: 'shop', busy: 'an upgrade is running' });
    expect(items.find((i) => i.command === 'helm.rollbackTo')).toMatchObject({ dangerous: true, disabled: 'an upgrade is running' });
    expect(items.find((i) => i.command === 'app.quit')?.disabled).toBeUndefined();
  });
});
