// The cockpit screen: status bar, tab strip (small terminals), the panes or
// the open overlay, and the key bar, sized from the terminal on every render
// (Ink re-renders on resize). The one keyboard handler lives here; panes
// only read the stores.
import { Box, Text, useInput, useWindowSize } from 'ink';
import { memo, useMemo } from 'react';
import { createStore } from 'zustand/vanilla';
import type { WindowState } from '../engine/window.js';
import { PromptView } from './overlays/prompt-view.js';
import { useStore } from 'zustand';
import { CockpitContext, useCockpit, type Cockpit } from './cockpit.js';
import { handleKey } from './dispatch.js';
import { fit } from './format.js';
import { computeLayout, MIN_SIZE, type Band } from './layout.js';
import { OverlayView } from './overlays/overlay-view.js';
import type { PaneId } from './panes.js';
import { ChecklistPane } from './panes/checklist-pane.js';
import { HistoryPane } from './panes/history-pane.js';
import { HpaPane } from './panes/hpa-pane.js';
import { LagPane } from './panes/lag-pane.js';
import { LogsPane } from './panes/logs-pane.js';
import type { PaneProps } from './panes/pane-props.js';
import { PodsPane } from './panes/pods-pane.js';
import { RolloutPane } from './panes/rollout-pane.js';
import { KeyBar } from './parts/key-bar.js';
import { StatusBar } from './parts/status-bar.js';
import { TabStrip } from './parts/tab-strip.js';
import { ThemeContext } from './theme/theme-context.js';

const PANE_VIEWS: Record<PaneId, (p: PaneProps) => React.ReactNode> = {
  pods: PodsPane, rollout: RolloutPane, hpa: HpaPane, lag: LagPane, history: HistoryPane, logs: LogsPane, checklist: ChecklistPane,
};

/** The whole cockpit for one Cockpit wiring. */
export function App({ cockpit }: { cockpit: Cockpit }) {
  // A window of several releases moves the panes to the release it works on now.
  const plan = useStore(cockpit.window?.store ?? NO_WINDOW, (s) => s?.releases[s.current]?.plan);
  const c = useMemo(
    () => (plan && (plan.release !== cockpit.query.release || plan.namespace !== cockpit.query.namespace) ? withRelease(cockpit, plan.release, plan.namespace) : cockpit),
    [cockpit, plan],
  );
  return (
    <ThemeContext value={cockpit.theme}>
      <CockpitContext value={c}>
        <Screen key={`${c.query.namespace}/${c.query.release}`} />
      </CockpitContext>
    </ThemeContext>
  );
}

const NO_WINDOW = createStore<WindowState | undefined>()(() => undefined);

function withRelease(c: Cockpit, release: string, namespace: string): Cockpit {
  const query = { release, namespace };
  return { ...c, query, overlayEnv: { ...c.overlayEnv, query } };
}

function Screen() {
  const c = useCockpit();
  const { columns, rows } = useWindowSize();
  const focus = useStore(c.ui, (s) => s.focus);
  const overlay = useStore(c.ui, (s) => s.overlay !== undefined);
  const prompt = useStore(c.ui, (s) => s.prompt !== undefined);
  const blank = useStore(c.ui, (s) => s.blank === true);
  // The single owner of the keyboard: every key goes through the keymap from here.
  useInput((input, key) => handleKey(c, input, key));
  const layout = computeLayout(columns, rows, focus);
  if (layout.mode === 'too-small') {
    return <Text wrap="truncate">{fit(`helmdeck needs ${MIN_SIZE.columns}×${MIN_SIZE.rows} (now ${columns}×${rows}); q quits`, columns)}</Text>;
  }
  return (
    // display none, not unmounting: the panes keep their scroll positions (and the clock its time) through a redraw.
    <Box flexDirection="column" width={columns} height={rows} overflowY="hidden" display={blank ? 'none' : 'flex'}>
      <StatusBar width={columns} />
      {layout.tabRows ? <TabStrip width={columns} /> : null}
      <Box flexDirection="column" width={columns} height={layout.bodyRows} overflowY="hidden">
        {prompt ? <PromptView width={columns} height={layout.bodyRows} /> : overlay ? <OverlayView width={columns} height={layout.bodyRows} /> : layout.bands.map((b, i) => <BandView key={i} band={b} focus={focus} />)}
      </Box>
      <KeyBar width={columns} />
    </Box>
  );
}

const BandView = memo(function BandView({ band, focus }: { band: Band; focus: PaneId }) {
  return (
    <Box flexDirection="row" height={band.height} flexShrink={0} overflowY="hidden">
      {band.panes.map((p) => {
        const View = PANE_VIEWS[p.pane];
        return <View key={p.pane} width={p.width} height={p.height} focused={p.pane === focus} />;
      })}
    </Box>
  );
});
