// Which colour values a theme may use: exactly what Ink's colorize understands
// as a name (chalk's foreground names, case-sensitive) or a hex code. Ink
// silently prints an unknown name uncoloured, so a typo would otherwise show
// up as "the failed pods are not red" in the middle of a maintenance window.
import { suggest } from '../../config/yaml-schema.js';

/** chalk's foreground colour names (ansi-styles), which Ink maps to ANSI codes the terminal's palette defines. */
export const COLOUR_NAMES: readonly string[] = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'gray', 'grey', 'blackBright', 'redBright', 'greenBright', 'yellowBright',
  'blueBright', 'magentaBright', 'cyanBright', 'whiteBright',
];

const HEX = /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/;

/** Whether Ink will colour text with this value. */
export function isColour(value: string): boolean {
  return COLOUR_NAMES.includes(value) || HEX.test(value);
}

/** Why value is not a colour (with the nearest name when it looks like a typo), or undefined when it is one. */
export function colourProblem(value: string): string | undefined {
  if (isColour(value)) return undefined;
  const near = value.startsWith('#') ? undefined : suggest(value, COLOUR_NAMES);
  const hint = near ? `did you mean ${near}? ` : '';
  return `${JSON.stringify(value)} is not a colour (${hint}use a name such as ${near ?? 'red'}, or #rrggbb)`;
}
