// Problems the operator should see but that must not stop anything: a
// release Secret that does not decode, an object the store could not key.
// Bounded, and a repeated message moves to the end instead of piling up,
// since a broken Secret re-warns on every resync.
import type { StateCreator } from 'zustand/vanilla';
import type { DeckState } from './deck-state.js';

/** The warnings slice: newest last. */
export interface WarningsSlice {
  warnings: string[];
  /** Records one warning (deduplicated, bounded). */
  warn(message: string): void;
  clearWarnings(): void;
}

/** The warnings slice with its actions. */
export const createWarningsSlice: StateCreator<DeckState, [], [], WarningsSlice> = (set) => ({
  warnings: [],
  warn: (message) => set((s) => ({ warnings: pushWarnings(s.warnings, [message], s.limits.warnings) })),
  clearWarnings: () => set({ warnings: [] }),
});

/** A new warnings list with `messages` appended: an existing identical message moves to the end, the oldest fall off past `max`. */
export function pushWarnings(warnings: readonly string[], messages: readonly string[], max: number): string[] {
  if (messages.length === 0) return warnings as string[];
  const fresh = new Set(messages);
  const kept = warnings.filter((w) => !fresh.has(w));
  const next = [...kept, ...fresh];
  return next.length > max ? next.slice(next.length - max) : next;
}
