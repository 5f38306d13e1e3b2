// A pane's box: a top line carrying the title (Ink borders cannot hold text),
// then a border around content of exactly height - 2 rows. The focused pane's
// frame takes the borderFocused token and a bold title.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { clip, textWidth } from '../format.js';
import { useTheme } from '../theme/theme-context.js';

/** Props of PaneFrame. */
export interface PaneFrameProps {
  title: string;
  width: number;
  height: number;
  focused: boolean;
  children?: ReactNode;
}

/**
 * A titled, bordered box of a fixed size; rows that do not fit are clipped.
 * Only rows: every line is already truncated to the width, and a horizontal
 * clip makes Ink re-slice every line of every frame (half its render time).
 */
export function PaneFrame({ title, width, height, focused, children }: PaneFrameProps) {
  const { tokens } = useTheme();
  const border = focused ? tokens.borderFocused : tokens.border;
  const shown = clip(title, Math.max(0, width - 6));
  const rule = Math.max(0, width - 5 - textWidth(shown));
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflowY="hidden">
      <Text wrap="truncate">
        <Text color={border}>┌─ </Text>
        <Text color={tokens.title} bold={focused}>{shown}</Text>
        <Text color={border}>{` ${'─'.repeat(rule)}┐`}</Text>
      </Text>
      <Box borderStyle="single" borderTop={false} borderColor={border} width={width} height={Math.max(1, height - 1)} flexDirection="column" overflowY="hidden">
        {children}
      </Box>
    </Box>
  );
}
