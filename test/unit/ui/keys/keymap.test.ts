import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/config/config-error.js';
import { COMMANDS, SCOPES, type CommandSpec } from '../../../../src/ui/keys/commands.js';
import { parseKeyName } from '../../../../src/ui/keys/key-names.js';
import { buildKeymap, keysFor, resolve } from '../../../../src/ui/keys/keymap.js';

describe('the command table', () => {
  it('has unique ids', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
  });

  it('gives every command at least one canonically written key', () => {
    for (const c of COMMANDS) {
      expect(c.keys.length, c.id).toBeGreaterThan(0);
      for (const k of c.keys) expect(parseKeyName(k), `${c.id}: ${k}`).toEqual({ key: k });
    }
  });

  it('binds no key twice within a scope', () => {
    for (const scope of SCOPES) {
      const keys = COMMANDS.filter((c) => c.scope === scope).flatMap((c) => c.keys);
      expect(new Set(keys).size, scope).toBe(keys.length);
    }
  });

  it('marks exactly the cluster-changing commands dangerous', () => {
    expect(COMMANDS.filter((c) => c.dangerous).map((c) => c.id).sort()).toEqual(['checklist.override', 'helm.rollback', 'helm.rollbackTo', 'helm.upgrade']);
  });

  it('has the brief\'s default keys', () => {
    const km = buildKeymap();
    expect(keysFor(km, 'app.quit')).toEqual(['q', 'ctrl+c']);
    expect(keysFor(km, 'helm.rollback')).toEqual(['R']);
    expect(keysFor(km, 'helm.upgrade')).toEqual(['U']);
    expect(keysFor(km, 'list.bottom')).toEqual(['G', 'end']);
    expect(keysFor(km, 'focus.pane7')).toEqual(['7']);
    expect(keysFor(km, 'checklist.ack')).toEqual(['space', 'a']);
  });

  it('explains why a command is disabled, cheaply, from the context', () => {
    const why = (id: string, ctx: Parameters<NonNullable<CommandSpec['disabledWhy']>>[0]): string | undefined =>
      (COMMANDS as readonly CommandSpec[]).find((c) => c.id === id)!.disabledWhy?.(ctx);
    expect(why('helm.rollback', { readOnly: true, release: 'shop' })).toBe('read-only mode');
    expect(why('helm.rollback', {})).toBe('no release selected');
    expect(why('helm.rollback', { release: 'shop', busy: 'an upgrade is running', previousGoodRevision: 3 })).toBe('an upgrade is running');
    expect(why('helm.rollback', { release: 'shop' })).toBe('no earlier good revision');
    expect(why('helm.rollback', { release: 'shop', previousGoodRevision: 3 })).toBeUndefined();
    expect(why('helm.upgrade', { release: 'shop', upgradePlanned: true, failedGates: 2 })).toContain('2 failed gate');
    expect(why('helm.rollbackTo', { release: 'shop', selectedRevision: 4, deployedRevision: 4 })).toBe('this revision is deployed now');
    expect(why('checklist.override', { selectedStep: { kind: 'check', state: 'passed' } })).toBe('only a failed gate can be overridden');
    expect(why('checklist.ack', { selectedStep: { kind: 'manual', state: 'pending' } })).toBeUndefined();
    expect(why('logs.container', { logTarget: { pod: 'p', containers: 1, restarted: false } })).toBe('the pod has one container');
    expect(why('logs.previous', {})).toBe('no pod selected');
  });
});

describe('resolve', () => {
  const km = buildKeymap();
  it.each([
    ['j', ['list'], 'list.down'],
    ['j', [], undefined], // no list focused
    ['q', ['list'], 'app.quit'], // global is always tried last
    ['/', ['logs', 'list'], 'logs.filter'], // the pane's own scope beats the generic list
    ['/', ['list'], 'list.filter'],
    ['r', ['history', 'list'], 'helm.rollbackTo'],
    ['r', ['checklist', 'list'], 'checklist.retry'],
    ['R', ['history', 'list'], 'helm.rollback'],
    ['escape', ['dialog', 'list'], 'dialog.close'],
    ['escape', ['list'], undefined],
    ['return', ['dialog', 'list'], 'list.open'],
    ['x', ['list'], undefined],
  ] as const)('%s in %j → %s', (key, scopes, expected) => {
    expect(resolve(km, key, scopes)).toBe(expected);
  });

  it('returns undefined for a keypress matchKey could not name', () => {
    expect(resolve(km, undefined, ['list'])).toBeUndefined();
  });
});

describe('overrides from the config file', () => {
  const origins = new Map([
    ['keys.helm.rollback', { file: 'config.yaml', line: 7, column: 3 }],
    ['keys.helm.rollback[0]', { file: 'config.yaml', line: 7, column: 19 }],
    ['keys.helm.rollback[1]', { file: 'config.yaml', line: 7, column: 22 }],
    ['keys.app.refresh[0]', { file: 'config.yaml', line: 8, column: 17 }],
  ]);
  const build = (overrides: Record<string, string[]>) => buildKeymap({ overrides, origins, file: 'config.yaml' });

  it('replaces the default keys of a command', () => {
    const km = build({ 'helm.rollback': ['R', 'ctrl+r'] });
    expect(keysFor(km, 'helm.rollback')).toEqual(['R', 'ctrl+r']);
    expect(resolve(km, 'ctrl+r', ['list'])).toBe('helm.rollback');
  });

  it('normalises how the user wrote the key', () => {
    const km = build({ 'list.down': ['shift+j', 'Ctrl+N', 'Down'] });
    expect(keysFor(km, 'list.down')).toEqual(['J', 'ctrl+n', 'down']);
  });

  it('frees a default key when its command is rebound', () => {
    const km = build({ 'helm.rollback': ['ctrl+r'], 'app.refresh': ['R'] });
    expect(resolve(km, 'R', [])).toBe('app.refresh');
  });

  it('unbinds a command given []', () => {
    const km = build({ 'app.help': [] });
    expect(resolve(km, '?', [])).toBeUndefined();
    expect(keysFor(km, 'app.help')).toEqual([]);
  });

  const errors: Array<[string, Record<string, string[]>, string]> = [
    ['unknown command', { 'helm.rolback': ['R'] }, 'config.yaml: keys.helm.rolback: unknown command (did you mean helm.rollback?)'],
    ['malformed key', { 'helm.rollback': ['R', 'ctrl+'] }, 'config.yaml:7:22: keys.helm.rollback[1]: "ctrl+" is not a key: nothing after the last "+"'],
    ['key taken in the same scope', { 'app.refresh': ['R'] }, 'config.yaml:8:17: keys.app.refresh[0]: "R" is bound to both app.refresh and helm.rollback in the global scope; rebind one of them'],
    ['override clashes with a default', { 'helm.rollback': ['q'] }, 'config.yaml:7:19: keys.helm.rollback[0]: "q" is bound to both app.quit and helm.rollback in the global scope'],
    ['override clashes inside a pane scope', { 'list.down': ['Enter'] }, 'config.yaml: keys.list.down[0]: "return" is bound to both list.down and list.open in the list scope'],
  ];
  it.each(errors)('%s → one error naming the file, line and key', (_name, overrides, message) => {
    let err: unknown;
    try {
      build(overrides);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(message), (err as Error).message).toBe(true);
  });

  it('allows the same key in different scopes (the more specific one wins)', () => {
    const km = build({ 'logs.wrap': ['j'] });
    expect(resolve(km, 'j', ['logs', 'list'])).toBe('logs.wrap');
    expect(resolve(km, 'j', ['list'])).toBe('list.down');
  });
});

describe('--readonly', () => {
  it('removes exactly the dangerous commands and their keys', () => {
    const full = buildKeymap();
    const ro = buildKeymap({ readOnly: true });
    const dangerous: string[] = COMMANDS.filter((c) => c.dangerous).map((c) => c.id);
    expect(ro.readOnly).toBe(true);
    expect(ro.entries.map((e) => e.command.id)).toEqual(full.entries.map((e) => e.command.id).filter((id) => !dangerous.includes(id)));
    expect(resolve(ro, 'R', [])).toBeUndefined();
    expect(resolve(ro, 'U', [])).toBeUndefined();
    expect(resolve(ro, 'r', ['history', 'list'])).toBeUndefined();
    expect(resolve(ro, 'o', ['checklist', 'list'])).toBeUndefined();
    expect(resolve(ro, 'r', ['checklist', 'list'])).toBe('checklist.retry');
    expect(resolve(ro, 'q', [])).toBe('app.quit');
  });

  it('removes a dangerous command the user rebound, and still validates its keys', () => {
    const ro = buildKeymap({ readOnly: true, overrides: { 'helm.rollback': ['ctrl+r'] } });
    expect(resolve(ro, 'ctrl+r', [])).toBeUndefined();
    expect(() => buildKeymap({ readOnly: true, overrides: { 'helm.rollback': ['q'] } })).toThrow(ConfigError);
  });
});
