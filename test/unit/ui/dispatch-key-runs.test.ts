// Keys that reach the cockpit as one input (typed while the screen was busy)
// act one by one, and never answer a prompt the operator has not seen yet.
import { describe, expect, it } from 'vitest';
import { COCKPIT_COMMANDS } from '../../../src/ui/keys/cockpit-commands.js';
import { buildKeymap } from '../../../src/ui/keys/keymap.js';
import { handleKey } from '../../../src/ui/dispatch.js';
import { createCockpit } from '../../../src/ui/run-cockpit.js';
import type { Cockpit } from '../../../src/ui/cockpit.js';
import { shopWorld, THEME } from './cockpit-world.js';

function cockpit(onCommand: (c: Cockpit, id: string) => void = () => undefined): Cockpit {
  const c: Cockpit = createCockpit(
    {
      store: shopWorld(), release: 'shop', namespace: 'shop', context: 'kind-shop', theme: THEME,
      keymap: buildKeymap({ commands: COCKPIT_COMMANDS, readOnly: false }),
      readOnly: false, production: false, startedAt: Date.now(), clock: false, interactive: true,
      onCommand: (id) => onCommand(c, id),
    },
    { exit: () => undefined, redraw: () => undefined },
  );
  return c;
}

describe('a run of keys in one input', () => {
  it('filters, keeps the filter and moves on, as typed one at a time', () => {
    const c = cockpit();
    handleKey(c, '/g2t\r', {});
    expect(c.ui.getState().filters.pods).toBe('g2t');
    expect(c.ui.getState().editing).toBeUndefined();
    handleKey(c, '5', {});
    expect(c.ui.getState().focus).toBe('history');
  });

  it('runs each command in order', () => {
    const ids: string[] = [];
    const c = cockpit((_c, id) => ids.push(id));
    handleKey(c, '5jr', {});
    expect(ids).toEqual(['helm.rollbackTo']);
  });

  it('drops what follows a key that opened a prompt, so a typed-ahead y answers nothing', () => {
    let answered = false;
    const c = cockpit((cp, id) => {
      if (id !== 'helm.rollback') return;
      cp.ui.setState({ prompt: { title: 'Roll back', lines: [], kind: 'confirm', question: 'Run this command? [y/N]', text: '', offset: 0, onAnswer: () => (answered = true) } });
    });
    handleKey(c, 'Ry', {});
    expect(c.ui.getState().prompt?.question).toBe('Run this command? [y/N]');
    expect(answered).toBe(false);
    handleKey(c, 'y', {});
    expect(answered).toBe(true);
  });

  it('leaves a paste into a text prompt whole', () => {
    let answer = '';
    const c = cockpit();
    c.ui.setState({ prompt: { title: 'Override', lines: [], kind: 'text', question: 'Reason:', text: '', offset: 0, onAnswer: (a) => (answer = a) } });
    handleKey(c, 'lag is expected\r', {});
    expect(answer).toBe('lag is expected');
  });
});
