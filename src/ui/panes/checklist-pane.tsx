// Checklist: the window's runbook as it runs — each release's preflight
// gates and verify steps with their verdicts, where the window stands (one
// line, in the phase's colour), and the helm command running now with the
// tail of its output. Without a window (watch) it says how to get one.
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import type { WindowState, WindowStore } from '../../engine/window.js';
import { useCockpit } from '../cockpit.js';
import { headerText, layoutColumns, type ColumnSpec } from '../columns.js';
import { fit } from '../format.js';
import { checklistItems, phaseTone, rowTone, type ChecklistItem } from '../model/checklist-items.js';
import { ListPane } from '../parts/list-pane.js';
import { PaneFrame } from '../parts/pane-frame.js';
import { Running } from '../parts/running.js';
import { RunningRow } from '../parts/running-row.js';
import { TableRow } from '../parts/table-row.js';
import { paneSpec } from '../panes.js';
import { useTheme } from '../theme/theme-context.js';
import type { PaneProps } from './pane-props.js';

const COLUMNS: readonly ColumnSpec[] = [
  { title: 'STEP', min: 24, grow: 2 },
  // Wide enough for a running step's "⠋ running · 1m12s".
  { title: 'STATE', min: 17 },
  { title: 'RESULT', min: 20, grow: 3 },
];

const EMPTY_STATE: WindowState = { releases: [], current: 0, rows: [], upgradePlanned: false };
const EMPTY_STORE: WindowStore = { getState: () => EMPTY_STATE, getInitialState: () => EMPTY_STATE, setState: () => undefined, subscribe: () => () => undefined };

/** The Checklist pane. */
export const ChecklistPane = memo(function ChecklistPane({ width, height, focused }: PaneProps) {
  const { window } = useCockpit();
  const { tokens, symbols } = useTheme();
  const w = useStore(window?.store ?? EMPTY_STORE);
  const widths = useMemo(() => layoutColumns(COLUMNS, Math.max(0, width - 2)), [width]);
  if (!window || w.rows.length === 0) {
    const spec = paneSpec('checklist');
    // A window with no steps yet says why (a followed window not mirrored yet); otherwise there is none.
    const why = w.releases[w.current]?.message;
    return (
      <PaneFrame title={`${spec.number} ${spec.title}`} width={width} height={height} focused={focused}>
        <Text color={tokens.muted} wrap="wrap">{why ?? 'No upgrade planned — run helmdeck upgrade RELEASE CHART (or --runbook FILE) to add a checklist'}</Text>
      </PaneFrame>
    );
  }
  const inner = Math.max(0, width - 2);
  const rel = w.releases[w.current];
  const multi = w.releases.length > 1;
  // A followed window says who drives it (or how it ended) ahead of the phase.
  const who = w.ended ? `ended (${w.ended}) · ` : w.driver ? `driven by ${w.driver} · ` : '';
  const status = rel ? `${who}${multi ? `${rel.plan.release} (${w.current + 1} of ${w.releases.length}) ` : ''}${rel.phase}${rel.message ? `: ${rel.message}` : ''}` : '';
  // The helm section: the command and as much of its output as leaves room for the steps.
  const content = Math.max(0, height - 2);
  const helmRows = w.helm ? Math.min(1 + w.helm.output.length, Math.max(1, Math.floor(content / 3))) : 0;
  const listHeight = Math.max(3, height - helmRows - 1);
  const tailCount = Math.max(0, height - listHeight - 1);
  const helmTail = w.helm && tailCount > 0 ? w.helm.output.slice(-tailCount) : [];
  const render = (item: ChecklistItem, selected: boolean) => {
    const r = item.row;
    const tone = rowTone(r.state);
    // Generated ids already say their release and stage (platform.verify.1.rollout-complete); named ones do not.
    const id = r.step.id;
    const name = `${multi && !id.startsWith(`${item.release}.`) ? `${item.release} ` : ''}${r.stage === 'verify' && !/(^|\.)verify\./.test(id) ? 'verify ' : ''}${id}`;
    const state = `${symbols[tone]} ${r.state}`;
    const result = r.result?.override ? `${r.result.summary} — overridden: ${r.result.override.reason}` : (r.result?.summary ?? (r.step.kind === 'manual' ? r.step.title : ''));
    if (r.state === 'running' && r.startedAt !== undefined) {
      return <RunningRow key={item.key} specs={COLUMNS} widths={widths} selected={selected} values={[name, '', r.progress ?? result]} at={1} since={r.startedAt} label="running" />;
    }
    return <TableRow key={item.key} specs={COLUMNS} widths={widths} selected={selected} values={[name, state, result]} colours={[undefined, tokens.state[tone], tone === 'failed' ? tokens.state.failed : tokens.muted]} />;
  };
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflowY="hidden">
      <ListPane pane="checklist" width={width} height={listHeight} focused={focused} rows={checklistItems(w)} header={headerText(COLUMNS, widths)}
        notes={rel ? [{ text: status, state: phaseTone(rel.phase) }] : []}
        empty="No steps" render={render} />
      <Box flexDirection="column" width={width} height={height - listHeight} overflowY="hidden" paddingLeft={1}>
        {w.helm ? (
          <>
            {w.helm.endedAt === undefined ? (
              <Text wrap="truncate" color={tokens.state.progressing}>
                <Running since={w.helm.startedAt} label="running" />
                {`  $ ${w.helm.command}`}
              </Text>
            ) : (
              <Text color={w.helm.exitCode === 0 ? tokens.state.ok : tokens.state.failed} wrap="truncate">
                {fit(`${helmState(w.helm)}  $ ${w.helm.command}`, inner - 1)}
              </Text>
            )}
            {helmTail.map((l, i) => <Text key={i} color={tokens.muted} wrap="truncate">{fit(`  ${l}`, inner - 1)}</Text>)}
          </>
        ) : (
          <Text color={tokens.muted} wrap="truncate">{fit(w.journalPath ? `journal: ${w.journalPath}` : '', inner - 1)}</Text>
        )}
      </Box>
    </Box>
  );
});

// Leads the command line of a finished helm (a running one has the spinner), so a narrow pane still shows how it ended.
function helmState(h: NonNullable<WindowState['helm']>): string {
  if (h.exitCode === 0) return '✓ exit 0';
  return `✗ ${h.interrupted ? 'interrupted' : `exit ${h.exitCode ?? 'by signal'}`}`;
}
