// The one place keys become actions: a key name is resolved against the
// scopes active now (dialog, then the focused pane's, then global) and the
// named command runs. While the filter input is open it owns every key but
// Ctrl-C. Plain functions over the stores, so tests can drive them directly.
import type { KeyFlags } from './keys/match-key.js';
import { matchKey, resolve } from './keys/keymap.js';
import type { Scope } from './keys/commands.js';
import type { Cockpit } from './cockpit.js';
import { runListCommand } from './dispatch-lists.js';
import { currentContext } from './command-context.js';
import { openLogsFor, runLogsCommand } from './dispatch-logs.js';
import { paneAfter, paneOfCommand, paneSpec, type PaneId } from './panes.js';
import { say, setFilter, type Prompt, type UiState } from './ui-store.js';
import { ask, runWindowCommand } from './window-actions.js';

/** The scopes a key is resolved in now. */
export function activeScopes(s: UiState): Scope[] {
  if (s.overlay) return ['dialog', 'list'];
  const scopes = [...paneSpec(s.focus).scopes];
  // Esc clears a pane's filter through dialog.close, so it is bound only while there is one.
  if (s.filters[s.focus]) scopes.push('dialog');
  return scopes;
}

/** Handles one useInput call. */
export function handleKey(c: Cockpit, input: string, key: KeyFlags): void {
  const s = c.ui.getState();
  if (!s.prompt && isKeyRun(input, key)) return handleKeyRun(c, input);
  const name = matchKey(input, key);
  if (s.prompt) return promptKey(c, name, input, key);
  if (s.editing) return editKey(c, name, input, key);
  const id = resolve(c.keymap, name, activeScopes(s));
  // The message answered the previous key; an armed quit survives only into the next quit.
  const disarm = s.quitArmed && id !== 'app.quit';
  if (s.message || disarm) c.ui.setState({ message: undefined, ...(disarm ? { quitArmed: false } : {}) });
  if (id === undefined) return;
  try {
    runCommand(c, id);
  } catch (e) {
    // A failing handler must not take the cockpit down in the middle of a window.
    say(c.ui, `${id}: ${(e as Error).message}`, 'failed');
  }
}

/**
 * Several plain keys in one input: Ink hands over whatever the terminal
 * delivered at once, so keys typed while the screen was busy ("5jr", "/web⏎")
 * arrive together. Each is a key of its own. A prompt's own text answer takes
 * a paste whole, so runs are split only outside prompts.
 */
function isKeyRun(input: string, key: KeyFlags): boolean {
  return !key.ctrl && !key.meta && !input.startsWith('\x1b') && [...input].length > 1;
}

// Keys typed before a prompt was on screen must not answer it: once one of
// them opens a prompt, the rest of the run is dropped and the operator sees
// the question first.
function handleKeyRun(c: Cockpit, input: string): void {
  for (const ch of input) {
    handleKey(c, ch, ch === '\r' || ch === '\n' ? { return: true } : ch === '\t' ? { tab: true } : {});
    if (c.ui.getState().prompt) return;
  }
}

/** Runs a named command. */
export function runCommand(c: Cockpit, id: string): void {
  const ui = c.ui;
  const s = ui.getState();
  const pane = paneOfCommand(id);
  if (pane) return focusPane(c, pane);
  switch (id) {
    case 'app.quit': {
      const busy = c.window?.store.getState().busy ?? c.extraContext?.().busy;
      if (!busy) return c.exit();
      if (c.window) {
        return ask(c, {
          title: 'Quit while helm is running?',
          lines: [
            { text: `${busy}.`, tone: 'warning' },
            { text: 'Quitting interrupts it with SIGINT (never SIGKILL), so helm records the release as failed rather than leaving it pending;' },
            { text: 'helmdeck waits for helm to exit and records the outcome in the journal.' },
          ],
          kind: 'confirm',
          question: 'Quit and interrupt helm? [y/N]',
          yesKeys: ['y', 'q', 'ctrl+c'],
          onAnswer: () => c.exit(),
        });
      }
      if (!s.quitArmed) {
        ui.setState({ quitArmed: true, message: { text: `${busy} — press quit again to leave anyway`, tone: 'warning' } });
        return;
      }
      return c.exit();
    }
    case 'app.help':
      ui.setState({ overlay: s.overlay?.kind === 'help' ? undefined : { kind: 'help', key: '', offset: 0 } });
      return;
    case 'app.refresh':
      c.redraw();
      if (c.restartWatches) {
        c.restartWatches();
        say(ui, 'Screen redrawn; every watch is listing again');
      } else say(ui, 'Screen redrawn');
      return;
    case 'focus.next': return focusPane(c, paneAfter(s.focus, 1));
    case 'focus.prev': return focusPane(c, paneAfter(s.focus, -1));
    case 'dialog.close':
      if (s.overlay) ui.setState({ overlay: undefined });
      else if (s.filters[s.focus]) setFilter(ui, s.focus, '');
      return;
    case 'helm.upgrade':
    case 'helm.rollback':
    case 'helm.rollbackTo':
    case 'checklist.override':
    case 'checklist.ack':
    case 'checklist.retry':
      return handOver(c, id);
  }
  if (id.startsWith('logs.')) return runLogsCommand(c, id);
  if (id === 'pods.logs') return openLogsFor(c);
  return runListCommand(c, id);
}

// Commands whose work happens outside the screen: refused with the reason
// when disabled now, else handed to the caller.
function handOver(c: Cockpit, id: string): void {
  const ctx = currentContext(c);
  const spec = c.keymap.entries.find((e) => e.command.id === id)?.command;
  const why = spec?.disabledWhy?.(ctx);
  const label = spec?.label ?? id;
  if (why) return say(c.ui, `${label}: ${why}`, 'warning');
  if (c.window) return runWindowCommand(c, c.window, id);
  if (!c.onCommand) return say(c.ui, `${label}: not available here (no helm binary: see helmdeck watch --help)`, 'warning');
  c.onCommand(id, ctx);
}

/** Focuses a pane; focusing Logs shows the log of the pod selected in Pods (keeping the container chosen for it). */
export function focusPane(c: Cockpit, pane: PaneId): void {
  c.ui.setState({ focus: pane, overlay: undefined });
  if (pane === 'logs') openLogsFor(c, { fromPods: true, focus: false, keepSamePod: true });
}

// The inline filter input: printable text is typed, Enter keeps the filter,
// Esc clears it, Ctrl-C still quits.
function editKey(c: Cockpit, name: string | undefined, input: string, key: KeyFlags): void {
  const s = c.ui.getState();
  const ed = s.editing!;
  if (name === 'ctrl+c') return c.exit();
  if (name === 'escape') {
    c.ui.setState({ editing: undefined });
    return setFilter(c.ui, ed.pane, '');
  }
  if (name === 'return') return c.ui.setState({ editing: undefined });
  let text = ed.text;
  if (name === 'backspace' || name === 'delete') text = [...text].slice(0, -1).join('');
  else if (!key.ctrl && !key.meta && input && !/\p{C}/u.test(input)) text += input;
  else return;
  c.ui.setState({ editing: { pane: ed.pane, text } });
  // The list narrows as the operator types.
  setFilter(c.ui, ed.pane, text);
  if (ed.pane === 'logs') c.ui.setState((st) => ({ logOptions: { ...st.logOptions, follow: true, bottom: undefined } }));
}

// A prompt owns every key: y (or its yes keys) confirms, anything else says
// no; a typed answer is edited in place and Enter submits it when it matches.
// Arrows and page keys scroll what the prompt shows.
function promptKey(c: Cockpit, name: string | undefined, input: string, key: KeyFlags): void {
  const p = c.ui.getState().prompt!;
  const close = (): void => c.ui.setState({ prompt: undefined });
  const scroll = { up: -1, down: 1, pageup: -10, pagedown: 10 } as Record<string, number>;
  if (name && name in scroll) {
    c.ui.setState({ prompt: { ...p, offset: Math.max(0, p.offset + scroll[name]!) } });
    return;
  }
  if (name === 'c' && p.copy !== undefined && p.kind === 'confirm') {
    c.copy(p.copy);
    c.ui.setState({ prompt: { ...p, note: 'command copied to the clipboard (OSC 52)' } });
    return;
  }
  if (p.kind === 'confirm') {
    if (name === 'j' || name === 'k') {
      c.ui.setState({ prompt: { ...p, offset: Math.max(0, p.offset + (name === 'j' ? 1 : -1)) } });
      return;
    }
    close();
    if (name !== undefined && (p.yesKeys ?? ['y']).includes(name)) p.onAnswer('y');
    else {
      p.onCancel?.();
      say(c.ui, 'Cancelled: nothing was run');
    }
    return;
  }
  if (name === 'escape' || name === 'ctrl+c') {
    close();
    p.onCancel?.();
    return say(c.ui, 'Cancelled: nothing was run');
  }
  if (name === 'return') return submitPrompt(c, p);
  if (name === 'backspace' || name === 'delete') {
    c.ui.setState({ prompt: { ...p, text: [...p.text].slice(0, -1).join(''), error: undefined } });
    return;
  }
  if (key.ctrl || key.meta || !input) return;
  // A paste arrives as one input: its text is typed, and a newline in it is Enter.
  const [typed, ...rest] = input.split(/\r\n|\r|\n/);
  const text = p.text + [...(typed ?? '')].filter((ch) => !/\p{C}/u.test(ch)).join('');
  const next = { ...p, text, error: undefined };
  c.ui.setState({ prompt: next });
  if (rest.length) submitPrompt(c, next);
}

function submitPrompt(c: Cockpit, p: Prompt): void {
  const answer = p.text.trim();
  if (p.expect !== undefined && answer !== p.expect) {
    c.ui.setState({ prompt: { ...p, error: `"${answer}" is not ${p.expect}: type it exactly, or Esc to cancel` } });
    return;
  }
  if (!answer) {
    c.ui.setState({ prompt: { ...p, error: 'an answer is needed (Esc cancels)' } });
    return;
  }
  c.ui.setState({ prompt: undefined });
  p.onAnswer(answer);
}
