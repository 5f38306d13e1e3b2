// The tab strip of the small layout: all seven panes by number, the focused
// one in the selection style, each with the symbol of its worst state when
// that is not ok, so trouble in a hidden pane is still visible.
import { Text } from 'ink';
import { memo, useCallback } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useCockpit } from '../cockpit.js';
import { fit } from '../format.js';
import { paneAlerts } from '../model/pane-alerts.js';
import { PANES } from '../panes.js';
import { useTheme } from '../theme/theme-context.js';
import { styleProps } from './style-props.js';

/** One line naming every pane; `width` wide. */
export const TabStrip = memo(function TabStrip({ width }: { width: number }) {
  const { deck, ui, query } = useCockpit();
  const { tokens, symbols } = useTheme();
  const focus = useStore(ui, (s) => s.focus);
  const alerts = useStore(deck, useShallow(useCallback((s) => paneAlerts(s, query), [query])));
  const wide = width >= 90;
  let used = 0;
  const tabs = PANES.map((p, i) => {
    const alert = alerts[i];
    const mark = alert && alert !== 'ok' && alert !== 'unknown' ? symbols[alert] : '';
    const label = ` ${p.number} ${wide ? p.title : p.short}${mark ? ` ${mark}` : ''} `;
    used += label.length + 1;
    return { p, label, alert };
  });
  return (
    <Text wrap="truncate">
      {tabs.map(({ p, label, alert }) => (
        <Text key={p.id}>
          {p.id === focus ? (
            <Text {...styleProps(tokens.selection)} bold>{label}</Text>
          ) : (
            <Text color={alert && alert !== 'ok' && alert !== 'unknown' ? tokens.state[alert] : tokens.muted}>{label}</Text>
          )}
          <Text> </Text>
        </Text>
      ))}
      <Text>{fit('', Math.max(0, width - used))}</Text>
    </Text>
  );
});
