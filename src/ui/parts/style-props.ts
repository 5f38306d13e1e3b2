// A theme Style as Ink <Text> props, so components never spell out colours.
import type { Style } from '../theme/theme-types.js';

/** Ink Text props for a theme Style. */
export function styleProps(s: Style): { color?: string; backgroundColor?: string; bold?: boolean; inverse?: boolean } {
  return {
    ...(s.fg ? { color: s.fg } : {}),
    ...(s.bg ? { backgroundColor: s.bg } : {}),
    ...(s.bold ? { bold: true } : {}),
    ...(s.inverse ? { inverse: true } : {}),
  };
}
