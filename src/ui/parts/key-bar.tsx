// The bottom line: the keys that do something in the focused pane, then the
// global ones (from keyBar(), so it always matches the keymap), dimmed with
// the reason when a command cannot run now; while typing a filter, how to end it.
import { Text } from 'ink';
import { memo, useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { releaseRevisions } from '../../store/index.js';
import { useCockpit } from '../cockpit.js';
import { commandContext, currentContext, logTargetPod } from '../command-context.js';
import { createStore } from 'zustand/vanilla';
import { activeScopes } from '../dispatch.js';
import { fit, textWidth } from '../format.js';
import { keyBar } from '../keys/help.js';
import { filterItems } from '../model/filter-items.js';
import { historyItems } from '../model/other-items.js';
import { nsOption } from '../model/pane-query.js';
import { useTheme } from '../theme/theme-context.js';

const NO_WINDOW = createStore<undefined>()(() => undefined);

/** The key bar, one line `width` wide. */
export const KeyBar = memo(function KeyBar({ width }: { width: number }) {
  const c = useCockpit();
  const { tokens } = useTheme();
  const ui = useStore(c.ui);
  const revisions = useStore(c.deck, useCallback((s) => releaseRevisions(s, c.query.release, nsOption(c.query)), [c.query]));
  const history = useStore(c.deck, useCallback((s) => historyItems(s, c.query), [c.query]));
  // Only the log target's row: a pod event elsewhere must not redraw the key bar.
  const logPod = useStore(c.deck, useCallback((s) => logTargetPod(s, c.query, ui.logTarget), [c.query, ui.logTarget]));
  // The window's state dims U/R/o as gates, acknowledgements and helm runs change.
  const window = useStore(c.window?.store ?? NO_WINDOW);
  const items = useMemo(() => {
    const ctx = c.window
      ? currentContext(c)
      : commandContext({
        ui, release: c.query.release, readOnly: c.readOnly, revisions, history: filterItems(history, ui.filters.history), ...(logPod ? { logPod } : {}),
        ...(c.extraContext ? { extra: c.extraContext() } : {}),
      });
    // In an overlay only its own keys are worth the room (j/k scrolling is named in its frame).
    return keyBar(c.keymap, ui.overlay ? ['dialog'] : activeScopes(ui), ctx);
  }, [c, ui, revisions, history, logPod, window]);
  if (ui.prompt) {
    const hint = ui.prompt.kind === 'text'
      ? ' Type the answer · Enter submit · Esc cancel · ↑/↓ PgUp/PgDn scroll'
      : ` ${(ui.prompt.yesKeys ?? ['y']).join('/')} yes · any other key cancels · ↑/↓ PgUp/PgDn scroll`;
    return <Text color={tokens.state.warning} wrap="truncate">{fit(hint, width)}</Text>;
  }
  if (ui.editing) {
    return <Text color={tokens.muted} wrap="truncate">{fit(' Type to filter · Enter keep · Esc clear · Backspace delete', width)}</Text>;
  }
  let used = 0;
  const shown = items.filter((i) => {
    const w = textWidth(i.key) + textWidth(i.label) + 3;
    if (used + w > width) return false;
    used += w;
    return true;
  });
  return (
    <Text wrap="truncate">
      {shown.map((i) => (
        <Text key={i.command}>
          <Text> </Text>
          <Text color={i.disabled ? tokens.muted : tokens.keyHint} bold={!i.disabled}>{i.key}</Text>
          <Text color={i.disabled ? tokens.muted : i.dangerous ? tokens.state.warning : tokens.text} dimColor={Boolean(i.disabled)}>{` ${i.label} `}</Text>
        </Text>
      ))}
      <Text>{fit('', Math.max(0, width - used))}</Text>
    </Text>
  );
});
