// One row of a pane's table: cells fitted to their columns, each optionally
// coloured; the selected row is drawn in the selection style as a whole so
// it stays readable on any theme (the state symbol still says the state).
import { Text } from 'ink';
import { cellTexts, type ColumnSpec } from '../columns.js';
import { useTheme } from '../theme/theme-context.js';
import { styleProps } from './style-props.js';

/** Props of TableRow. */
export interface TableRowProps {
  specs: readonly ColumnSpec[];
  widths: readonly number[];
  values: readonly string[];
  /** Colour per cell (undefined: the text colour). */
  colours?: readonly (string | undefined)[];
  selected: boolean;
}

/** A table row on one terminal line. */
export function TableRow({ specs, widths, values, colours = [], selected }: TableRowProps) {
  const { tokens } = useTheme();
  const texts = cellTexts(specs, widths, values);
  const shown = texts.map((t, i) => ({ t, i })).filter(({ i }) => widths[i]);
  if (selected) return <Text wrap="truncate" {...styleProps(tokens.selection)}>{shown.map(({ t }) => t).join(' ')}</Text>;
  // Neighbouring cells of one colour share a span, and text-coloured cells need none: a row is a few
  // nodes instead of two per cell, which Ink re-reads on every frame.
  const spans: { colour: string | undefined; text: string }[] = [];
  shown.forEach(({ t, i }, n) => {
    const colour = colours[i] === tokens.text ? undefined : colours[i];
    const gap = n > 0 ? ' ' : '';
    const last = spans.at(-1);
    if (last && last.colour === colour) last.text += gap + t;
    else if (colour === undefined) spans.push({ colour, text: gap + t });
    else {
      // The gap stays outside a coloured span: a colour starts where the cell's text starts.
      if (last?.colour === undefined && last) last.text += gap;
      else if (gap) spans.push({ colour: undefined, text: gap });
      spans.push({ colour, text: t });
    }
  });
  return (
    <Text wrap="truncate" color={tokens.text}>
      {spans.map((sp, k) => (sp.colour === undefined ? sp.text : <Text key={k} color={sp.colour}>{sp.text}</Text>))}
    </Text>
  );
}
