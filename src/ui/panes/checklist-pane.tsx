// Checklist: the runbook's steps once an upgrade is planned. Until the
// upgrade flow exists it says plainly that there is none, and how to get one.
import { Text } from 'ink';
import { memo } from 'react';
import { PaneFrame } from '../parts/pane-frame.js';
import { paneSpec } from '../panes.js';
import { useTheme } from '../theme/theme-context.js';
import type { PaneProps } from './pane-props.js';

/** The Checklist pane (placeholder until `helmdeck upgrade` brings a runbook). */
export const ChecklistPane = memo(function ChecklistPane({ width, height, focused }: PaneProps) {
  const { tokens } = useTheme();
  const spec = paneSpec('checklist');
  return (
    <PaneFrame title={`${spec.number} ${spec.title}`} width={width} height={height} focused={focused}>
      <Text color={tokens.muted} wrap="wrap">No upgrade planned — run helmdeck upgrade RELEASE CHART to add a checklist</Text>
    </PaneFrame>
  );
});
