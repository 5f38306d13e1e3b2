// Commands the cockpit screen adds to the shared table (src/ui/keys/commands.ts).
// Kept in their own file so the shared table and its exports stay as they are;
// build the cockpit's keymap with buildKeymap({ commands: COCKPIT_COMMANDS, … })
// so these keys get the same validation, --readonly and help as the rest.
import { COMMANDS, type CommandSpec } from './commands.js';

/** Screen commands not (yet) in the shared table. */
export const PANE_COMMANDS = [
  {
    id: 'pods.logs', scope: 'list', keys: ['l'], description: "Show the selected pod's log in the Logs pane (Pods, or a blocking pod in Rollout)",
    label: 'logs', bar: true, dangerous: false,
  },
] as const satisfies readonly CommandSpec[];

/** The shared table plus the screen's own commands: what the cockpit's keymap is built from. */
export const COCKPIT_COMMANDS: readonly CommandSpec[] = [...COMMANDS, ...PANE_COMMANDS];
