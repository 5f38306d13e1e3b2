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
  return (
    <Text wrap="truncate" color={tokens.text}>
      {shown.map(({ t, i }, n) => (
        // The gap stays outside the coloured span: a colour starts where the cell's text starts.
        <Text key={i}>
          {n > 0 ? ' ' : ''}
          <Text color={colours[i] ?? tokens.text}>{t}</Text>
        </Text>
      ))}
    </Text>
  );
}
