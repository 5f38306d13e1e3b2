// The top two lines: who and what (context — loud when production —,
// namespace, release, revision, chart → app version, release status) and
// whether the picture is live (watch health), plus warnings, the last message
// and the clock.
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { memo, useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { selectRelease, type ReleaseSummary } from '../../store/index.js';
import { useCockpit } from '../cockpit.js';
import { clip, fit, textWidth } from '../format.js';
import { connectionSummary } from '../model/connection-summary.js';
import { nsOption } from '../model/pane-query.js';
import { releaseTone } from '../model/tones.js';
import { useTheme } from '../theme/theme-context.js';
import { Clock, CLOCK_WIDTH } from './clock.js';
import { styleProps } from './style-props.js';

const NO_HOLDER = createStore<{ text: string }>()(() => ({ text: '' }));

/** The status bar, `width` columns by 2 rows. */
export const StatusBar = memo(function StatusBar({ width }: { width: number }) {
  const c = useCockpit();
  const { tokens, symbols } = useTheme();
  const release = useStore(c.deck, useCallback((s) => selectRelease(s, c.query.release, nsOption(c.query)), [c.query]));
  const helmSynced = useStore(c.deck, (s) => s.connection.synced.has('helm-secrets') || s.connection.synced.has('helm-configmaps'));
  const watches = useStore(c.deck, (s) => s.connection.watches);
  const warnings = useStore(c.deck, (s) => s.warnings.length);
  const message = useStore(c.ui, (s) => s.message);
  const holder = useStore(c.windowHolder ?? NO_HOLDER, (s) => s.text);
  const conn = useMemo(() => connectionSummary(watches), [watches]);

  const banner = c.production ? ` ⚠ PRODUCTION ${c.context} ` : ` ${c.context || '(no context)'} `;
  const ident = ` ns ${c.query.namespace || '(all)'} · ${releaseText(c.query.release, release, helmSynced, width >= 100)}`;
  const state = release ? releaseTone(release.status) : 'unknown';
  const status = release ? ` · ${symbols[state]} ${release.status}${pendingNote(release)}` : '';
  const room = Math.max(0, width - textWidth(banner));
  const identShown = clip(ident, room);
  const statusShown = fit(status, Math.max(0, room - textWidth(identShown)));
  const left = `${symbols[conn.state]} ${conn.text}${warnings ? ` · ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}${holder ? ` · ${holder}` : ''}`;
  // A message answers the key just pressed; on a narrow screen it gets the clock's room until the next key.
  const clockRoom = width >= 60 && (!message || width >= 120) ? CLOCK_WIDTH : 0;
  const leftRoom = Math.max(0, width - clockRoom);
  const msg = message ? clip(`  ${message.text}`, Math.max(0, leftRoom - textWidth(left))) : '';
  return (
    <Box flexDirection="column" width={width} height={2} flexShrink={0}>
      <Text wrap="truncate">
        <Text {...styleProps(c.production ? tokens.banner.production : tokens.statusBar)} bold>{banner}</Text>
        <Text {...styleProps(tokens.statusBar)}>{identShown}</Text>
        <Text {...styleProps(tokens.statusBar)} color={release ? tokens.state[state] ?? tokens.statusBar.fg : tokens.statusBar.fg}>{statusShown}</Text>
      </Text>
      <Box width={width} height={1}>
        <Box width={leftRoom} height={1} overflowY="hidden">
          <Text wrap="truncate">
            {/* Connecting moves (a spinner in place of the symbol); anything settled stays still. */}
            <Text color={tokens.state[conn.state]}>{conn.state === 'progressing' && leftRoom > 2 ? <><Spinner type="dots" />{clip(left.slice(symbols[conn.state].length), leftRoom - 1)}</> : clip(left, leftRoom)}</Text>
            {msg ? <Text color={tokens.state[message!.tone]} bold>{msg}</Text> : null}
          </Text>
        </Box>
        {clockRoom ? <Clock startedAt={c.startedAt} ticking={c.clock} /> : null}
      </Box>
    </Box>
  );
});

// Labelled when there is room; at 80 columns the labels go so the status still fits.
function releaseText(name: string, r: ReleaseSummary | undefined, synced: boolean, labels: boolean): string {
  if (!r) return `release ${name} ${synced ? 'not installed here' : '(loading history…)'}`;
  return labels
    ? `release ${r.name} rev ${r.revision} · chart ${r.chart} → app ${r.appVersion || '?'}`
    : `${r.name} rev ${r.revision} · ${r.chart} → ${r.appVersion || '?'}`;
}

// A pending or failed latest revision is not what runs: say which one does.
function pendingNote(r: ReleaseSummary): string {
  if (r.status === 'deployed') return '';
  return r.deployedRevision !== undefined ? ` (running rev ${r.deployedRevision})` : ' (no deployed revision)';
}
