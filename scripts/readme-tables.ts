// Prints the README's generated tables (keys from the command table) so the
// README and the code cannot drift: `node scripts/readme-tables.ts` after a
// build, then paste; test/unit/readme.test.ts checks they match.
import { COCKPIT_COMMANDS } from '../dist/ui/keys/cockpit-commands.js';
import { keysMarkdownTable } from '../dist/ui/keys/help.js';
import { buildKeymap } from '../dist/ui/keys/keymap.js';

process.stdout.write(keysMarkdownTable(buildKeymap({ commands: COCKPIT_COMMANDS })) + '\n');
