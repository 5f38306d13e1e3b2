// Logs: the selected pod's container log from the store's bounded view,
// following the end or paused where the operator scrolled, optionally
// wrapped, timestamped, and narrowed by a regex whose matches are highlighted
// (the runbook's "grep the logs for applied N migrations", live).
import { Box, Text } from 'ink';
import { memo, useCallback } from 'react';
import { useStore } from 'zustand';
import type { LogLine } from '../../store/index.js';
import { useCockpit } from '../cockpit.js';
import { clipName } from '../fit-name.js';
import { fit } from '../format.js';
import { logViewId } from '../log-view-id.js';
import { bottomPosition, lineIndex, logCount, logModel, type LogModel } from '../model/log-model.js';
import { FilterLine } from '../parts/filter-line.js';
import { PaneFrame } from '../parts/pane-frame.js';
import { styleProps } from '../parts/style-props.js';
import { paneSpec } from '../panes.js';
import { useTheme } from '../theme/theme-context.js';
import type { PaneProps } from './pane-props.js';

/** The Logs pane. */
export const LogsPane = memo(function LogsPane({ width, height, focused }: PaneProps) {
  const { deck, ui, onSelectLogs } = useCockpit();
  const { tokens } = useTheme();
  const target = useStore(ui, (s) => s.logTarget);
  const opts = useStore(ui, (s) => s.logOptions);
  const filter = useStore(ui, (s) => s.filters.logs);
  const editing = useStore(ui, (s) => (s.editing?.pane === 'logs' ? s.editing.text : undefined));
  const viewId = target ? logViewId(target) : undefined;
  const view = useStore(deck, useCallback((s) => (viewId ? s.logs.views.get(viewId) : undefined), [viewId]));
  const model = logModel(view, filter);
  const inner = Math.max(0, width - 2);
  const content = Math.max(0, height - 2);
  const filterRows = filter || editing !== undefined ? 1 : 0;
  const bodyRows = Math.max(0, content - 1 - filterRows);
  const count = logCount(model);
  const spec = paneSpec('logs');
  const title = target ? logsTitle(`${spec.number} ${spec.title} `, target.pod, `/${target.container}${target.previous ? ' (previous)' : ''}`, width) : `${spec.number} ${spec.title}`;
  const flags = [opts.follow ? 'following' : 'paused', opts.wrap ? 'wrap' : '', opts.timestamps ? 'timestamps' : ''].filter(Boolean).join(' · ');
  const info = !target
    ? 'No pod selected: pick one in Pods and press l (or Enter for details)'
    : !view
      ? onSelectLogs ? `Waiting for the log of ${target.pod}/${target.container}…` : 'Log streaming is not connected yet'
      : `${flags} · ${count}${filter ? ` of ${model.lines.length}` : ''} lines${view.dropped ? ` (${view.dropped} older dropped)` : ''}`;
  const rows = target && view ? displayRows(model, opts, inner, bodyRows) : [];
  return (
    <PaneFrame title={title} width={width} height={height} focused={focused}>
      <Text color={tokens.muted} wrap="truncate">{fit(info, inner)}</Text>
      {rows.map((r, i) => (
        <LogRow key={i} time={r.time} text={r.text} width={inner} highlight={model.highlight} />
      ))}
      {filterRows && content > 1 ? <Box flexGrow={1} /> : null}
      {filterRows && content > 1 ? (
        <FilterLine width={inner} text={editing ?? filter ?? ''} editing={editing !== undefined}
          detail={model.error ? `not a regex: ${model.error}` : `${count} of ${model.lines.length} lines match`} error={model.error !== undefined} />
      ) : null}
    </PaneFrame>
  );
});

/** The pane's title in `width` columns: the pod's name cut in its middle so its unique suffix stays (the frame keeps 6 columns). */
export function logsTitle(head: string, pod: string, rest: string, width: number): string {
  const room = Math.max(0, width - 6) - head.length - rest.length;
  return room >= 8 ? `${head}${clipName(pod, room)}${rest}` : `${head}${pod}${rest}`;
}

interface Row {
  time: string;
  text: string;
}

// Walks back from the bottom line until the pane is full; a wrapped line
// takes as many rows as it needs, cut from the top when it does not fit.
function displayRows(m: LogModel, o: { follow: boolean; bottom?: number; wrap: boolean; timestamps: boolean }, width: number, rows: number): Row[] {
  const out: Row[] = [];
  if (rows <= 0) return out;
  for (let pos = bottomPosition(m, o.follow ? undefined : o.bottom); pos >= 0 && out.length < rows; pos--) {
    const line: LogLine = m.lines[lineIndex(m, pos)]!;
    const time = o.timestamps ? `${(line.time ?? '').slice(11, 23).padEnd(12)} ` : '';
    const text = line.text.replace(/\t/g, '  ').replace(/[\r\n]/g, ' ');
    if (!o.wrap) {
      out.push({ time, text });
      continue;
    }
    const room = Math.max(1, width - time.length);
    const chars = [...text];
    const chunks: Row[] = [];
    for (let i = 0; i < Math.max(1, chars.length); i += room) chunks.push({ time: i === 0 ? time : ' '.repeat(time.length), text: chars.slice(i, i + room).join('') });
    for (let i = chunks.length - 1; i >= 0 && out.length < rows; i--) out.push(chunks[i]!);
  }
  return out.reverse();
}

interface LogRowProps {
  time: string;
  text: string;
  width: number;
  highlight?: RegExp;
}

// One log line, with the filter's matches in the highlight style.
const LogRow = memo(function LogRow({ time, text, width, highlight }: LogRowProps) {
  const { tokens } = useTheme();
  const shown = fit(text, Math.max(0, width - time.length));
  const parts: { t: string; hit: boolean }[] = [];
  if (highlight) {
    let at = 0;
    for (const m of shown.matchAll(highlight)) {
      if (m[0] === '') continue;
      if (m.index > at) parts.push({ t: shown.slice(at, m.index), hit: false });
      parts.push({ t: m[0], hit: true });
      at = m.index + m[0].length;
    }
    parts.push({ t: shown.slice(at), hit: false });
  } else parts.push({ t: shown, hit: false });
  return (
    <Text wrap="truncate" color={tokens.text}>
      {time ? <Text color={tokens.log.timestamp}>{time}</Text> : null}
      {parts.map((p, i) => (p.hit ? <Text key={i} {...styleProps(tokens.log.highlight)}>{p.t}</Text> : <Text key={i}>{p.t}</Text>))}
    </Text>
  );
});
