// Turns a window journal into the Markdown change record an SRE pastes into
// the ticket: who did what, when, on which cluster; what was checked and
// with what evidence; which gates were overridden and why; every command with
// its exit status; what the diff said; and how it ended.
import type { DiffSummary } from '../helm/diff/diff-release.js';
import type { StepResult } from '../runbook/types.js';
import type { JournalEntry } from './journal-entry.js';
import { scrub } from './scrub.js';

type Of<T extends JournalEntry['type']> = Extract<JournalEntry, { type: T }>;

/** What the reader found wrong with the file, to be stated in the record. */
export interface ReportIntegrity {
  truncated?: boolean;
  damagedLines?: number[];
  /** Lines that were JSON but not a well-formed entry. */
  invalid?: { line: number; problem: string }[];
  /** The file line of each entry, to name it in sequence problems. */
  lineOf?: number[];
}

/** Renders the change record; entries are scrubbed again (defence for older journals). */
export function renderReport(raw: readonly JournalEntry[], integrity: ReportIntegrity = {}): string {
  const entries = raw.map((e) => scrub(e) as JournalEntry);
  const of = <T extends JournalEntry['type']>(t: T): Of<T>[] => entries.filter((e): e is Of<T> => e.type === t);
  const start = of('window-start')[0];
  const end = of('window-end').at(-1);
  const outcomes = of('outcome');
  const last = outcomes.at(-1);
  const unfinished = unfinishedCommands(entries);
  const out: string[] = [];

  out.push(`# Change record: ${start ? `${start.release} in ${start.namespace}` : 'unknown window'}`, '');
  out.push('| | |', '|---|---|');
  const row = (k: string, v: string) => out.push(`| ${k} | ${cell(v)} |`);
  row('Release', start?.release ?? '(no window-start entry)');
  row('Namespace', start?.namespace ?? '');
  row('Context', start?.context ?? '');
  row('Operator', start ? `${start.operator} on ${start.host}` : '');
  row('Window start', start ? time(start.at) : '');
  row('Window end', end ? `${time(end.at)} (${end.reason})` : `not closed — the journal ends at ${time(entries.at(-1)?.at)}`);
  if (start) row('Duration', duration(Date.parse((end ?? entries.at(-1)!).at) - Date.parse(start.at)));
  // Every outcome in order: the last one alone would call a rollback after a failed verify a success.
  row('Outcome', unfinished.length ? unfinished.map(notRecorded).join('; ') : last ? outcomes.map((o) => `${o.action} ${o.status}${o.revision !== undefined ? ` (revision ${o.revision})` : ''}`).join(' → ') : 'no upgrade or rollback recorded');
  out.push('');
  const problems = integrityNotes(entries, integrity);
  if (problems.length) out.push(...problems.map((p) => `> **Journal integrity:** ${p}`), '');

  out.push('## Timeline', '', '| Time (UTC) | Event | Detail |', '|---|---|---|');
  for (const e of entries) out.push(`| ${time(e.at)} | ${e.type} | ${cell(timelineDetail(e))} |`);
  out.push('');

  out.push('## Checks', '');
  const results = of('step-result').map((e) => e.result);
  if (!results.length) out.push('No checks were recorded.', '');
  for (const r of latestPerStep(results)) out.push(...checkBlock(r));

  out.push('## Overrides', '');
  const overrides = of('override');
  if (!overrides.length) out.push('No gate was overridden.');
  for (const o of overrides) out.push(`- ${time(o.at)} — ${code(o.stepId)}: ${oneLine(o.reason)}`);
  out.push('');

  out.push('## Commands', '');
  const commands = of('command');
  if (!commands.length && !unfinished.length) out.push('No commands were run.', '');
  else {
    out.push('| Started | Command | Exit | Duration |', '|---|---|---|---|');
    for (const c of commands) out.push(`| ${time(c.at)} | ${cell(code(c.command))} | ${exit(c)} | ${duration(c.durationMs)} |`);
    for (const c of unfinished) out.push(`| ${time(c.at)} | ${cell(code(c.command))} | not recorded${c.pid !== undefined ? ` (pid ${c.pid})` : ''} | |`);
    out.push('');
    for (const c of commands.filter((x) => x.outputTail.length)) out.push(...collapsed(`${c.title}: output (last ${c.outputTail.length === 1 ? 'line' : `${c.outputTail.length} lines`})`, c.outputTail));
  }

  out.push('## Diff summary', '');
  const diffs = of('diff');
  if (!diffs.length) out.push('No diff was recorded.', '');
  for (const d of diffs) out.push(...diffBlock(d.summary));

  out.push('## Outcome', '');
  for (const c of unfinished) out.push(`- ${notRecorded(c)}: the journal ends before helm did; check \`helm history\` for what it did.`);
  if (!outcomes.length && !unfinished.length) out.push('No upgrade or rollback was run in this window.');
  for (const o of outcomes) out.push(`- ${time(o.at)} — **${o.action} ${o.status}**${o.revision !== undefined ? ` at revision ${o.revision}` : ''}: ${oneLine(o.message)}`);
  out.push('');
  const notes = of('note');
  if (notes.length) out.push('## Notes', '', ...notes.map((n) => `- ${time(n.at)} — ${oneLine(n.text)}`), '');
  return out.join('\n');
}

function checkBlock(r: StepResult): string[] {
  const override = r.override ? ` — **overridden**: ${oneLine(r.override.reason)}` : '';
  const lines = [`**${r.status.toUpperCase()}** ${code(r.id)} (${r.kind}, ${duration(r.endedAt - r.startedAt)}) — ${oneLine(r.summary)}${override}`, ''];
  return r.evidence.length ? [...lines, ...collapsed(`evidence (${r.evidence.length} line${r.evidence.length === 1 ? '' : 's'})`, r.evidence)] : lines;
}

function diffBlock(s: DiffSummary): string[] {
  const out: string[] = [];
  out.push(`- Chart: ${s.chartChange ? `${s.chartChange.from} → ${s.chartChange.to}` : 'unchanged'}`);
  out.push(`- App version: ${s.appVersionChange ? `${s.appVersionChange.from} → ${s.appVersionChange.to}` : 'unchanged'}`);
  out.push(`- Values: ${s.valuesChanged ? 'changed' : 'unchanged'}`);
  for (const o of s.objects) {
    const keys = o.secretKeys ? secretKeysText(o.secretKeys) : '';
    out.push(`- ${o.change}: ${o.kind} ${o.namespace}/${o.name}${keys}`);
  }
  out.push('');
  if (s.imageChanges.length) {
    out.push('| Workload | Container | From | To |', '|---|---|---|---|');
    for (const i of s.imageChanges) out.push(`| ${cell(i.workload)} | ${cell(i.container)} | ${cell(i.from ?? '—')} | ${cell(i.to ?? '—')} |`);
    out.push('');
  }
  return out;
}

function secretKeysText(k: NonNullable<DiffSummary['objects'][number]['secretKeys']>): string {
  const parts = [['added', k.added], ['removed', k.removed], ['changed', k.changed]].filter(([, v]) => v!.length).map(([n, v]) => `${n} ${(v as string[]).join(', ')}`);
  return parts.length ? ` (keys ${parts.join('; ')}; values not shown)` : '';
}

function timelineDetail(e: JournalEntry): string {
  switch (e.type) {
    case 'window-start': return `${e.operator} opened the window on ${e.context}`;
    case 'step-result': return `${e.result.id}: ${e.result.status} — ${e.result.summary}`;
    case 'override': return `${e.stepId} overridden: ${e.reason}`;
    case 'command-started': return `${e.title}: started${e.pid !== undefined ? `, pid ${e.pid}` : ''}`;
    case 'command': return `${e.title}: exit ${exit(e)} after ${duration(e.durationMs)}`;
    case 'diff': return `${e.summary.objects.length} object(s), ${e.summary.imageChanges.length} image change(s)`;
    case 'outcome': return `${e.action} ${e.status}: ${e.message}`;
    case 'note': return e.text;
    case 'window-end': return e.reason;
  }
}

function integrityNotes(entries: JournalEntry[], i: ReportIntegrity): string[] {
  const notes: string[] = [];
  if (i.truncated) notes.push('the last line was cut short (helmdeck stopped while writing it) and is missing.');
  if (i.damagedLines?.length) notes.push(`lines ${i.damagedLines.join(', ')} could not be read.`);
  for (const bad of i.invalid ?? []) notes.push(`line ${bad.line} is not a valid entry (${bad.problem}) and is left out.`);
  return [...notes, ...sequenceNotes(entries, i.lineOf)];
}

/** Gaps, repeats and steps back in the entries' sequence numbers, in file order. */
export function sequenceNotes(entries: readonly JournalEntry[], lineOf?: readonly number[]): string[] {
  const notes: string[] = [];
  const at = (k: number): string => (lineOf?.[k] !== undefined ? ` (line ${lineOf[k]})` : '');
  const firstSeen = new Map<number, number>();
  let max = 0;
  entries.forEach((e, k) => {
    const first = firstSeen.get(e.seq);
    if (first !== undefined) notes.push(`entry ${e.seq} appears more than once${at(k)}, first${at(first) || ' earlier'}.`);
    else if (e.seq < max) notes.push(`entry ${e.seq}${at(k)} is out of order: it comes after entry ${max}.`);
    if (first === undefined) firstSeen.set(e.seq, k);
    max = Math.max(max, e.seq);
  });
  // Missing numbers are judged over the whole file, so a reordered journal is not also "missing" entries.
  for (let n = 1; n <= max; n++) {
    if (firstSeen.has(n)) continue;
    let last = n;
    while (last + 1 <= max && !firstSeen.has(last + 1)) last++;
    notes.push(last === n ? `entry ${n} is missing.` : `entries ${n}…${last} are missing.`);
    n = last;
  }
  return notes;
}

// Commands started whose outcome entry never followed (helmdeck was killed while they ran).
function unfinishedCommands(entries: readonly JournalEntry[]): Of<'command-started'>[] {
  const open: Of<'command-started'>[] = [];
  for (const e of entries) {
    if (e.type === 'command-started') open.push(e);
    else if (e.type === 'command') {
      const k = open.findIndex((s) => (s.pid !== undefined && e.pid !== undefined ? s.pid === e.pid : s.title === e.title));
      if (k >= 0) open.splice(k, 1);
    }
  }
  return open;
}

function notRecorded(c: Of<'command-started'>): string {
  return `helm ${c.argv[0] ?? c.title} started at ${time(c.at)}${c.pid !== undefined ? `, pid ${c.pid}` : ''}, outcome not recorded`;
}

// A step run more than once (a re-checked gate) is reported by its last run.
function latestPerStep(results: StepResult[]): StepResult[] {
  const byId = new Map<string, StepResult>();
  for (const r of results) byId.set(r.id, r);
  return [...byId.values()];
}

function collapsed(summary: string, lines: string[]): string[] {
  const fence = '`'.repeat(Math.max(3, ...lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, s) => Math.max(m, s.length + 1), 0))));
  return ['<details>', `<summary>${escapeHtml(summary)}</summary>`, '', fence + 'text', ...lines, fence, '', '</details>', ''];
}

function exit(c: Of<'command'>): string {
  if (c.interrupted) return `interrupted${c.signal ? ` (${c.signal})` : ''}${c.exitCode !== null ? `, ${c.exitCode}` : ''}`;
  return c.exitCode === null ? (c.signal ?? 'none') : String(c.exitCode);
}

function time(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function code(s: string): string {
  const ticks = '`'.repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  return ticks.length > 1 ? `${ticks} ${s} ${ticks}` : `\`${s}\``;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').trim();
}

function cell(s: string): string {
  return oneLine(s).replace(/\|/g, '\\|');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
