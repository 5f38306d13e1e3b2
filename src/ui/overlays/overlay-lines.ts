// What an overlay shows, as plain lines with a tone each: help here, the
// details in detail-lines.ts. Pure and cached, so the overlay component and
// the key dispatcher (which needs the line count to scroll) share the lines.
import type { DeckState } from '../../store/index.js';
import { helpRows } from '../keys/help.js';
import type { Keymap } from '../keys/keymap.js';
import type { PaneQuery } from '../model/pane-query.js';
import type { StateName, ThemeSymbols } from '../theme/theme-types.js';
import type { Overlay } from '../ui-store.js';
import type { WindowState, WindowStore } from '../../engine/window.js';
import { rowTone } from '../model/checklist-items.js';
import { hpaContent, lagContent, podContent, revisionContent, workloadContent } from './detail-lines.js';
import { wrapText } from './wrap-text.js';

/** How a line is coloured. */
export type Tone = StateName | 'title' | 'muted' | 'key';

/** One line of an overlay. */
export interface Line {
  text: string;
  tone?: Tone;
}

/** What the overlays need besides the store. */
export interface OverlayEnv {
  keymap: Keymap;
  query: PaneQuery;
  symbols: ThemeSymbols;
  /** The maintenance window, for a checklist step's evidence. */
  window?: WindowStore;
}

/** An overlay's title and its lines. */
export interface OverlayContent {
  title: string;
  lines: Line[];
}

/** Builds the content of an overlay from the store as it is now. */
export function overlayContent(o: Overlay, s: DeckState, env: OverlayEnv): OverlayContent {
  const st = (state: StateName, text: string) => `${env.symbols[state]} ${text}`;
  switch (o.kind) {
    case 'help': return helpContent(env.keymap);
    case 'pod': return podContent(o.key, s, env, st);
    case 'revision': return revisionContent(Number(o.key), s, env.query, st);
    case 'workload': return workloadContent(o.key, s, env.query, st);
    case 'hpa': return hpaContent(o.key, s, st);
    case 'lag': return lagContent(o.key, s, st);
    case 'step': return stepContent(o.key, env.window?.getState(), st);
  }
}

/** Wraps lines wider than `width` at spaces onto continuation lines (overlayRows caches the result). */
export function wrapLines(lines: readonly Line[], width: number): Line[] {
  const w = Math.max(1, width);
  const out: Line[] = [];
  for (const l of lines) {
    if ([...l.text].length <= w) {
      out.push(l);
      continue;
    }
    for (const text of wrapText(l.text, w)) out.push({ text, ...(l.tone ? { tone: l.tone } : {}) });
  }
  return out;
}

let last: { o: Overlay; deps: unknown[]; width: number; env: OverlayEnv; value: { title: string; rows: Line[] } } | undefined;

/** The overlay's title and wrapped rows, recomputed only when the overlay, width or the store data it reads change. */
export function overlayRows(o: Overlay, s: DeckState, env: OverlayEnv, width: number): { title: string; rows: Line[] } {
  const deps = depsOf(o, s, env);
  if (last && last.o.kind === o.kind && last.o.key === o.key && last.width === width && last.env === env && deps.every((d, i) => Object.is(d, last!.deps[i]))) {
    return last.value;
  }
  const c = overlayContent(o, s, env);
  const value = { title: c.title, rows: wrapLines(c.lines, width) };
  last = { o, deps, width, env, value };
  return value;
}

function depsOf(o: Overlay, s: DeckState, env: OverlayEnv): unknown[] {
  switch (o.kind) {
    case 'help': return [];
    case 'revision': return [s.helm.releases];
    case 'pod': return [s.pods, s.events, s.workloads, s.helm.releases];
    case 'workload': return [s.pods, s.workloads, s.helm.releases, s.connection.synced];
    case 'hpa': return [s.hpas];
    case 'lag': return [s.lag.sources];
    case 'step': return [env.window?.getState().rows];
  }
}

function helpContent(keymap: Keymap): OverlayContent {
  const lines: Line[] = [];
  for (const group of helpRows(keymap)) {
    if (lines.length) lines.push({ text: '' });
    lines.push({ text: group.title, tone: 'title' });
    for (const r of group.rows) {
      const keys = r.keys.join(', ').padEnd(16);
      lines.push({ text: `  ${keys} ${r.description}${r.dangerous ? ' (dangerous)' : ''}  [${r.command}]`, ...(r.dangerous ? { tone: 'warning' as const } : {}) });
    }
  }
  if (keymap.readOnly) lines.push({ text: '' }, { text: 'Read-only mode: upgrade, rollback and override are not available.', tone: 'muted' });
  return { title: 'Keys', lines };
}


/** A checklist step: what it checks, its verdict, evidence and any override. */
function stepContent(key: string, w: WindowState | undefined, st: (state: StateName, text: string) => string): OverlayContent {
  const row = w?.rows.find((r) => r.key === key);
  if (!row) return { title: 'Step', lines: [{ text: 'This step is no longer in the checklist', tone: 'muted' }] };
  const r = row.result;
  const lines: Line[] = [
    { text: row.step.title, tone: 'title' },
    { text: `id ${row.step.id} · ${row.step.kind} · ${row.stage}${row.step.required ? '' : ' · not required'}${row.step.pos ? ` · ${row.step.pos.file}:${row.step.pos.line}` : ''}`, tone: 'muted' },
    { text: st(rowTone(row.state), `${row.state}${r ? `: ${r.summary}` : ''}`), tone: rowTone(row.state) },
  ];
  if (row.step.kind === 'manual') lines.push({ text: row.step.text }, ...(row.step.link ? [{ text: row.step.link, tone: 'key' as const }] : []));
  if (r?.override) lines.push({ text: `overridden: ${r.override.reason}`, tone: 'warning' });
  if (r && r.endedAt >= r.startedAt && r.startedAt > 0) lines.push({ text: `took ${((r.endedAt - r.startedAt) / 1000).toFixed(1)} s`, tone: 'muted' });
  if (r?.evidence.length) lines.push({ text: '' }, { text: 'Evidence', tone: 'title' }, ...r.evidence.map((text) => ({ text })));
  return { title: `Step ${row.step.id}`, lines };
}
