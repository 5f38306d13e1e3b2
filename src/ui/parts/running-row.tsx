// A table row whose one cell is a Running indicator (a checklist step that
// runs now): the other cells as TableRow draws them, the running cell
// animated. Only the rows running now are drawn this way.
import { Text } from 'ink';
import { cellTexts, type ColumnSpec } from '../columns.js';
import { useTheme } from '../theme/theme-context.js';
import { Running } from './running.js';
import { styleProps } from './style-props.js';

/** Props of RunningRow. */
export interface RunningRowProps {
  specs: readonly ColumnSpec[];
  widths: readonly number[];
  values: readonly string[];
  /** Which cell runs, since when, and what it says. */
  at: number;
  since: number;
  label: string;
  detail?: string | undefined;
  selected: boolean;
}

/** A row on one terminal line with an animated cell. */
export function RunningRow({ specs, widths, values, at, since, label, detail, selected }: RunningRowProps) {
  const { tokens } = useTheme();
  const texts = cellTexts(specs, widths, values);
  const before = texts.slice(0, at).filter((_, i) => widths[i]).join(' ');
  const after = texts.slice(at + 1).filter((_, i) => widths[at + 1 + i]).join(' ');
  const style = selected ? styleProps(tokens.selection) : { color: tokens.text };
  return (
    <Text wrap="truncate" {...style}>
      {before ? `${before} ` : ''}
      {widths[at] ? <Running since={since} label={label} detail={detail} colour={selected ? undefined : tokens.state.progressing} width={widths[at]} /> : null}
      {after ? <Text color={selected ? undefined : tokens.muted}>{` ${after}`}</Text> : null}
    </Text>
  );
}
