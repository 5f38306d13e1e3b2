// A pane's box: a full border whose top line carries the title, written over
// the border (Ink borders cannot hold text), around content of exactly
// height - 2 rows. The focused pane's frame takes the borderFocused token and
// a bold title.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { clip } from '../format.js';
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
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflowY="hidden">
      <Box borderStyle="single" borderColor={border} width={width} height={Math.max(2, height)} flexDirection="column" overflowY="hidden">
        {children}
      </Box>
      {/* Over "┌─": Ink draws border lines cheaply, while a text line of box characters costs it a
          grapheme-by-grapheme width count every frame; the title itself is usually plain ASCII. */}
      {width >= 6 ? (
        <Box position="absolute" marginLeft={2} width={width - 3} height={1}>
          <Text color={tokens.title} bold={focused} wrap="truncate">{` ${shown} `}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
