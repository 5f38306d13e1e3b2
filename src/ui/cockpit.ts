// Everything a component or the key dispatcher needs, in one object handed
// down by React context: the two stores, the release, the keymap, the theme
// and the callbacks to the outside world. Built once per runCockpit.
import type { StoreApi } from 'zustand/vanilla';
import { createContext, useContext } from 'react';
import type { UpgradeWindow } from '../engine/window.js';
import type { DeckStore } from '../store/index.js';
import type { CommandContext } from './keys/commands.js';
import type { Keymap } from './keys/keymap.js';
import type { Layout } from './layout.js';
import type { PaneQuery } from './model/pane-query.js';
import type { OverlayEnv } from './overlays/overlay-lines.js';
import type { Theme } from './theme/theme-types.js';
import type { UiStore } from './ui-store.js';

/** A pod as onSelectLogs names it. */
export interface PodRef {
  namespace: string;
  name: string;
}

/** The cockpit's wiring. */
export interface Cockpit {
  deck: DeckStore;
  ui: UiStore;
  keymap: Keymap;
  query: PaneQuery;
  /** For the overlays' text (keymap, query and symbols in one stable object). */
  overlayEnv: OverlayEnv;
  theme: Theme;
  context: string;
  production: boolean;
  readOnly: boolean;
  startedAt: number;
  /** Whether the status bar's clock ticks (false: a static time, for idle benchmarks and tests). */
  clock: boolean;
  /** The layout for the terminal's current size. */
  layout(): Layout;
  /** Leaves the cockpit (Ink unmounts and restores the terminal). */
  exit(): void;
  /** Erases and redraws the frame (after something else wrote to the terminal). */
  redraw(): void;
  /** Puts text on the terminal's clipboard (OSC 52; terminals that do not support it ignore it). */
  copy(text: string): void;
  /** Dangerous and outside-world commands (upgrade, rollback, override, refresh); absent: "not available yet". */
  onCommand?: (id: string, ctx: CommandContext) => void;
  /** The Logs pane wants this container's log (the previous instance's when `previous`) in view logViewId(...). */
  onSelectLogs?: (pod: PodRef, container: string, previous: boolean) => void;
  /** Facts only the caller knows (busy, upgradePlanned, failedGates). */
  extraContext?: () => Partial<CommandContext>;
  /** The maintenance window: checklist, upgrade and rollback. Absent: those keys say why they are unavailable. */
  window?: UpgradeWindow;
  /** Who acknowledges manual steps (the journal records it). */
  operator?: string;
  /** Every watch lists again (Ctrl+L); absent: the key only redraws. */
  restartWatches?: () => void;
  /** Who drives a window on this release elsewhere (its Lease), for the status bar; empty when nobody. */
  windowHolder?: StoreApi<{ text: string }>;
}

/** The cockpit in context; null outside runCockpit's tree. */
export const CockpitContext = createContext<Cockpit | null>(null);

/** The cockpit's wiring; throws outside the cockpit, where a pane has nothing to read. */
export function useCockpit(): Cockpit {
  const c = useContext(CockpitContext);
  if (!c) throw new Error('useCockpit: no CockpitContext (render panes inside <App>)');
  return c;
}
