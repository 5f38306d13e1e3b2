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
import { say, setFilter, type UiState } from './ui-store.js';

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
  const name = matchKey(input, key);
  const s = c.ui.getState();
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

/** Runs a named command. */
export function runCommand(c: Cockpit, id: string): void {
  const ui = c.ui;
  const s = ui.getState();
  const pane = paneOfCommand(id);
  if (pane) return focusPane(c, pane);
  switch (id) {
    case 'app.quit': {
      const busy = c.extraContext?.().busy;
      if (busy && !s.quitArmed) {
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
      // Restarting the watches is the caller's (kube/); the screen is ours.
      if (c.onCommand) c.onCommand(id, currentContext(c));
      else say(ui, 'Screen redrawn (restarting the watches is not available yet)');
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
  if (!c.onCommand) return say(c.ui, `${label}: not available yet`, 'warning');
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
