// The open prompt, drawn in place of the panes: what will run (the exact
// command, the diff, the warnings), then the question and the answer being
// typed. Arrows and page keys scroll; the dispatcher owns the answer keys.
import { Text } from 'ink';
import { memo } from 'react';
import { useStore } from 'zustand';
import { useCockpit } from '../cockpit.js';
import { fit } from '../format.js';
import { PaneFrame } from '../parts/pane-frame.js';
import { useTheme } from '../theme/theme-context.js';
import type { Theme } from '../theme/theme-types.js';
import type { PromptLine } from '../ui-store.js';
import { wrapLines } from './overlay-lines.js';

/** The prompt, `width` × `height` (frame included). */
export const PromptView = memo(function PromptView({ width, height }: { width: number; height: number }) {
  const { ui } = useCockpit();
  const theme = useTheme();
  const prompt = useStore(ui, (s) => s.prompt);
  if (!prompt) return null;
  const inner = Math.max(1, width - 2);
  const lines = wrapLines(prompt.lines, inner) as PromptLine[];
  const answerRows = prompt.kind === 'text' ? 3 : 2;
  const rows = Math.max(1, height - 2 - answerRows);
  const offset = Math.min(prompt.offset, Math.max(0, lines.length - rows));
  const slice = lines.slice(offset, offset + rows);
  const hidden = lines.length - offset - slice.length;
  const more = lines.length > rows ? `${offset > 0 ? `↑ ${offset} more  ` : ''}${hidden > 0 ? `↓ ${hidden} more  ` : ''}↑/↓ PgUp/PgDn scroll` : '';
  return (
    <PaneFrame title={`${prompt.title} — ${prompt.kind === 'text' ? 'Esc cancels' : 'any other key cancels'}`} width={width} height={height} focused>
      {slice.map((l, i) => (
        <Text key={i} color={colour(theme, l.tone)} bold={l.tone === 'title'} wrap="truncate">{fit(l.text, inner)}</Text>
      ))}
      {Array.from({ length: Math.max(0, rows - slice.length) }, (_, i) => <Text key={`pad${i}`}> </Text>)}
      <Text color={theme.tokens.muted} wrap="truncate">{fit(prompt.note ? `${prompt.note}${more ? `  ·  ${more}` : ''}` : more, inner)}</Text>
      <Text color={theme.tokens.state.warning} bold wrap="truncate">{fit(prompt.question + (prompt.kind === 'text' ? ':' : ''), inner)}</Text>
      {prompt.kind === 'text' ? (
        <Text wrap="truncate" color={prompt.error ? theme.tokens.state.failed : theme.tokens.text}>{fit(prompt.error ? `> ${prompt.text}▏  ${prompt.error}` : `> ${prompt.text}▏`, inner)}</Text>
      ) : null}
    </PaneFrame>
  );
});

function colour(theme: Theme, tone: PromptLine['tone']): string | undefined {
  const t = theme.tokens;
  if (tone === undefined) return t.text;
  if (tone === 'title') return t.title;
  if (tone === 'muted') return t.muted;
  return t.state[tone];
}
