// The open overlay (help, or the details of a pod, revision, workload, HPA or
// lag row), drawn in place of the panes so it always fits: a frame the size
// of the body, its lines scrolled by j/k/PgUp/PgDn/g/G, Esc to close.
import { Text } from 'ink';
import { memo, useCallback } from 'react';
import { useStore } from 'zustand';
import { useCockpit } from '../cockpit.js';
import { fit } from '../format.js';
import { listCapacity } from '../layout.js';
import { PaneFrame } from '../parts/pane-frame.js';
import { useTheme } from '../theme/theme-context.js';
import type { Theme } from '../theme/theme-types.js';
import { overlayRows, type Tone } from './overlay-lines.js';

/** The overlay, `width` × `height` (frame included). */
export const OverlayView = memo(function OverlayView({ width, height }: { width: number; height: number }) {
  const { deck, ui, overlayEnv } = useCockpit();
  const theme = useTheme();
  const overlay = useStore(ui, (s) => s.overlay);
  const inner = Math.max(1, width - 2);
  // The rows follow the store: a pod's events keep arriving while its details are open.
  const content = useStore(deck, useCallback((s) => (overlay ? overlayRows(overlay, s, overlayEnv, inner) : undefined), [overlay, overlayEnv, inner]));
  if (!overlay || !content) return null;
  const rows = Math.max(1, height - 2);
  const shown = listCapacity(rows, content.rows.length);
  const offset = Math.min(overlay.offset, Math.max(0, content.rows.length - shown));
  const slice = content.rows.slice(offset, offset + shown);
  const below = content.rows.length - offset - slice.length;
  const more = content.rows.length > shown ? `${offset > 0 ? `↑ ${offset} more  ` : ''}${below > 0 ? `↓ ${below} more  ` : ''}j/k PgUp/PgDn scroll` : '';
  return (
    <PaneFrame title={`${content.title} — Esc closes`} width={width} height={height} focused>
      {slice.map((l, i) => (
        <Text key={i} color={toneColour(theme, l.tone)} bold={l.tone === 'title'} wrap="truncate">{fit(l.text, inner)}</Text>
      ))}
      {more ? <Text color={theme.tokens.muted} wrap="truncate">{fit(more, inner)}</Text> : null}
    </PaneFrame>
  );
});

function toneColour(theme: Theme, tone: Tone | undefined): string | undefined {
  const t = theme.tokens;
  if (tone === undefined) return t.text;
  if (tone === 'title') return t.title;
  if (tone === 'muted') return t.muted;
  if (tone === 'key') return t.keyHint;
  return t.state[tone];
}
