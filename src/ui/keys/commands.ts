// The one table of named commands: default keys, help text, key-bar label,
// whether it is dangerous and a cheap "why is this disabled now". The help
// overlay, the key bar and the README's key table are all generated from it.
// Keys use the canonical names of key-names.ts; a config file may rebind them.
// ctrl+c reaches the keymap only if Ink's render() gets exitOnCtrlC: false,
// which the cockpit needs anyway: quitting mid-upgrade must ask first.

/** Where a key applies: 'dialog' (modal) first, then the focused pane's scopes, then 'global'. */
export type Scope = 'dialog' | 'logs' | 'history' | 'checklist' | 'list' | 'global';

/** Scopes in the order help shows them (and resolve tries them). */
export const SCOPES: readonly Scope[] = ['dialog', 'logs', 'history', 'checklist', 'list', 'global'];

/** What disabledWhy may look at: a few facts the store already has, all cheap to read. */
export interface CommandContext {
  readOnly?: boolean;
  /** The release the cockpit watches; undefined before one is chosen. */
  release?: string;
  /** Set while helm runs ("an upgrade is running"): one mutation at a time. */
  busy?: string;
  /** Whether this session has a chart to upgrade to (helmdeck upgrade RELEASE CHART …). */
  upgradePlanned?: boolean;
  /** Failed gates not overridden; they block the upgrade. */
  failedGates?: number;
  /** Why the upgrade cannot start now (gates, acknowledgements, already ran); from the window. */
  upgradeBlocked?: string;
  /** The revision `helm rollback` would return to; undefined when there is none. */
  previousGoodRevision?: number;
  /** The history row under the cursor and the revision currently deployed. */
  selectedRevision?: number;
  deployedRevision?: number;
  /** The checklist row under the cursor. */
  selectedStep?: { kind: 'manual' | 'check' | 'run' | 'verify'; state: 'pending' | 'running' | 'passed' | 'failed' | 'warned' | 'skipped' | 'acknowledged' | 'overridden' };
  /** The pod whose logs are shown. */
  logTarget?: { pod: string; containers: number; restarted: boolean };
}

/** One command: what it does, where, its default keys, and when it cannot run. */
export interface CommandSpec {
  id: string;
  scope: Scope;
  keys: readonly string[];
  description: string;
  /** A word or two for the key bar. */
  label: string;
  bar: boolean;
  /** Changes the cluster: asks to confirm, and --readonly removes it. */
  dangerous: boolean;
  disabledWhy?: (ctx: CommandContext) => string | undefined;
}

const mutating = (ctx: CommandContext): string | undefined =>
  ctx.readOnly ? 'read-only mode' : !ctx.release ? 'no release selected' : ctx.busy;
const needLogs = (ctx: CommandContext): string | undefined => (ctx.logTarget ? undefined : 'no pod selected');

const g = { scope: 'global', bar: false, dangerous: false } as const;
const list = { scope: 'list', bar: false, dangerous: false } as const;
const logs = { scope: 'logs', bar: false, dangerous: false, disabledWhy: needLogs } as const;

/** Every command, in the order help lists them within a scope. */
export const COMMANDS = [
  { ...g, id: 'app.quit', keys: ['q', 'ctrl+c'], description: 'Quit (asks first while helm is running)', label: 'quit', bar: true },
  { ...g, id: 'app.help', keys: ['?'], description: 'Show all keys', label: 'help', bar: true },
  { ...g, id: 'app.refresh', keys: ['ctrl+l'], description: 'Redraw the screen and restart every watch', label: 'refresh' },
  { ...g, id: 'focus.next', keys: ['tab'], description: 'Focus the next pane', label: 'next pane', bar: true },
  { ...g, id: 'focus.prev', keys: ['shift+tab'], description: 'Focus the previous pane', label: 'prev pane' },
  { ...g, id: 'focus.pane1', keys: ['1'], description: 'Focus the Pods pane', label: 'Pods' },
  { ...g, id: 'focus.pane2', keys: ['2'], description: 'Focus the Rollout pane', label: 'Rollout' },
  { ...g, id: 'focus.pane3', keys: ['3'], description: 'Focus the HPA pane', label: 'HPA' },
  { ...g, id: 'focus.pane4', keys: ['4'], description: 'Focus the Consumer lag pane', label: 'Consumer lag' },
  { ...g, id: 'focus.pane5', keys: ['5'], description: 'Focus the Helm history pane', label: 'Helm history' },
  { ...g, id: 'focus.pane6', keys: ['6'], description: 'Focus the Logs pane', label: 'Logs' },
  { ...g, id: 'focus.pane7', keys: ['7'], description: 'Focus the Checklist pane', label: 'Checklist' },
  {
    ...g, id: 'helm.upgrade', keys: ['U'], description: 'Run the upgrade (shows the helm command, then asks)', label: 'upgrade', bar: true, dangerous: true,
    disabledWhy: (c) => mutating(c) ?? (!c.upgradePlanned ? 'no chart to upgrade to (start with helmdeck upgrade)' : c.failedGates ? `${c.failedGates} failed gate(s): fix or override them` : c.upgradeBlocked),
  },
  {
    ...g, id: 'helm.rollback', keys: ['R'], description: 'Roll back to the previous good revision (asks first)', label: 'rollback', bar: true, dangerous: true,
    disabledWhy: (c) => mutating(c) ?? (c.previousGoodRevision === undefined ? 'no earlier good revision' : undefined),
  },
  { ...list, id: 'list.down', keys: ['j', 'down'], description: 'Move down', label: 'down' },
  { ...list, id: 'list.up', keys: ['k', 'up'], description: 'Move up', label: 'up' },
  { ...list, id: 'list.pageDown', keys: ['pagedown', 'ctrl+d'], description: 'Page down', label: 'page down' },
  { ...list, id: 'list.pageUp', keys: ['pageup', 'ctrl+u'], description: 'Page up', label: 'page up' },
  { ...list, id: 'list.top', keys: ['g', 'home'], description: 'Go to the first row', label: 'top' },
  { ...list, id: 'list.bottom', keys: ['G', 'end'], description: 'Go to the last row', label: 'bottom' },
  { ...list, id: 'list.open', keys: ['return'], description: 'Show details of the selected row', label: 'details', bar: true },
  { ...list, id: 'list.filter', keys: ['/'], description: 'Filter the rows', label: 'filter', bar: true },
  { ...logs, id: 'logs.follow', keys: ['f'], description: 'Follow new lines / pause', label: 'follow', bar: true },
  {
    ...logs, id: 'logs.previous', keys: ['p'], description: "Show the previous container's log (before its restart)", label: 'previous',
    disabledWhy: (c) => needLogs(c) ?? (!c.logTarget?.restarted ? 'the container has not restarted' : undefined),
  },
  { ...logs, id: 'logs.wrap', keys: ['w'], description: 'Wrap long lines on/off', label: 'wrap' },
  { ...logs, id: 'logs.timestamps', keys: ['t'], description: 'Timestamps on/off', label: 'timestamps' },
  {
    ...logs, id: 'logs.container', keys: ['c'], description: 'Switch container', label: 'container',
    disabledWhy: (c) => needLogs(c) ?? ((c.logTarget?.containers ?? 0) < 2 ? 'the pod has one container' : undefined),
  },
  { ...logs, id: 'logs.filter', keys: ['/'], description: 'Filter lines by regex and highlight matches', label: 'filter', bar: true },
  {
    id: 'helm.rollbackTo', scope: 'history', keys: ['r'], description: 'Roll back to the selected revision (shows what changes, then asks)', label: 'rollback to', bar: true, dangerous: true,
    disabledWhy: (c) => mutating(c) ?? (c.selectedRevision === undefined ? 'no revision selected' : c.selectedRevision === c.deployedRevision ? 'this revision is deployed now' : undefined),
  },
  {
    id: 'checklist.ack', scope: 'checklist', keys: ['space', 'a'], description: 'Acknowledge the selected manual step', label: 'ack', bar: true, dangerous: false,
    disabledWhy: (c) => (c.readOnly ? 'read-only mode' : c.selectedStep?.kind !== 'manual' ? 'only manual steps are acknowledged' : c.selectedStep.state !== 'pending' ? 'already done' : undefined),
  },
  {
    id: 'checklist.retry', scope: 'checklist', keys: ['r'], description: 'Run the selected check again', label: 'retry', bar: true, dangerous: false,
    disabledWhy: (c) => (c.readOnly ? 'read-only mode' : !c.selectedStep || c.selectedStep.kind === 'manual' ? 'no check selected' : c.selectedStep.state === 'running' ? 'it is running' : c.busy),
  },
  {
    id: 'checklist.override', scope: 'checklist', keys: ['o'], description: 'Override the selected failed gate with a typed reason (recorded)', label: 'override', bar: true, dangerous: true,
    disabledWhy: (c) => (c.readOnly ? 'read-only mode' : c.selectedStep?.state !== 'failed' ? 'only a failed gate can be overridden' : c.selectedStep.kind === 'verify' ? 'a verify step gates nothing: roll back or accept it' : undefined),
  },
  { id: 'dialog.close', scope: 'dialog', keys: ['escape'], description: 'Close the dialog / cancel', label: 'close', bar: true, dangerous: false },
] as const satisfies readonly CommandSpec[];

/** Every command id; a dispatcher switching over it is checked for typos and missing cases. */
export type CommandId = (typeof COMMANDS)[number]['id'];

/** The command with this id, or undefined. */
export function findCommand(id: string, commands: readonly CommandSpec[] = COMMANDS): CommandSpec | undefined {
  return commands.find((c) => c.id === id);
}
