// The `/` filter's line at the bottom of a pane: the text being typed (with a
// cursor) while editing, or the filter in force and how many rows it keeps.
import { Text } from 'ink';
import { memo } from 'react';
import { fit } from '../format.js';
import { useTheme } from '../theme/theme-context.js';

/** Props of FilterLine. */
export interface FilterLineProps {
  width: number;
  text: string;
  editing: boolean;
  /** "12 of 40", or an error such as an invalid regex. */
  detail: string;
  error?: boolean;
}

/** One line: "/text▏ (12 of 40)". */
export const FilterLine = memo(function FilterLine({ width, text, editing, detail, error }: FilterLineProps) {
  const { tokens } = useTheme();
  const head = `/${text}${editing ? '▏' : ''}`;
  return (
    <Text wrap="truncate">
      <Text color={tokens.keyHint}>{head}</Text>
      <Text color={error ? tokens.state.failed : tokens.muted}>{fit(`  ${detail}${editing ? ' · Enter keep · Esc clear' : ' · Esc clears'}`, Math.max(0, width - head.length))}</Text>
    </Text>
  );
});
