// The details overlays' text (pod, revision, workload, HPA, consumer lag),
// built from the store as it is now. Pure; lines carry a tone, and every
// state is spelled with its symbol so it reads without colour too.
import { stringify } from 'yaml';
import type { HelmRevision } from '../../helm/release-types.js';
import { podHealth, type Pod, type PodHealth } from '../../status/index.js';
import { releaseRevisions, type DeckEvent, type DeckState } from '../../store/index.js';
import { clockText, dateText } from '../format.js';
import { historyItems, hpaItems, lagItems } from '../model/other-items.js';
import { nsOption, type PaneQuery } from '../model/pane-query.js';
import { podItems } from '../model/pod-items.js';
import { rolloutView, type WorkloadItem } from '../model/rollout-items.js';
import { lagTone, releaseTone, rolloutTone } from '../model/tones.js';
import { sparkline } from '../sparkline.js';
import type { StateName } from '../theme/theme-types.js';
import { maskManifest, maskValues } from './mask-secrets.js';
import type { Line, OverlayContent, OverlayEnv, Tone } from './overlay-lines.js';

/** Prefixes text with a state's symbol, so states read without colour. */
export type St = (state: StateName, text: string) => string;

/** Said when the object went away while its overlay was open. */
export function gone(what: string): OverlayContent {
  return { title: what, lines: [{ text: `${what} is no longer in the cluster (deleted while you looked).`, tone: 'muted' }] };
}

/** The HPA overlay: replicas, metrics and findings. */
export function hpaContent(key: string, s: DeckState, st: St): OverlayContent {
  const h = hpaItems(s).find((i) => i.key === key);
  if (!h) return gone(`HPA ${key}`);
  const state: StateName = h.status;
  return {
    title: `HPA ${h.name}`,
    lines: [
      { text: `Status     ${st(state, h.status)}`, tone: state },
      { text: `Scales     ${h.target || '(no target)'}` },
      { text: `Replicas   ${h.current} current, ${h.desired} desired, min ${h.min}, max ${h.max}` },
      { text: 'Metrics (current/target)', tone: 'title' },
      ...(h.metrics ? h.metrics.split(', ').map((m) => ({ text: `  ${m}` })) : [{ text: '  (none)', tone: 'muted' as const }]),
      { text: 'Findings', tone: 'title' },
      ...(h.reasons.length ? h.reasons.map((r) => ({ text: `  ${r}`, tone: state })) : [{ text: '  none', tone: 'muted' as const }]),
    ],
  };
}

/** The consumer-lag overlay: verdict, trend and why. */
export function lagContent(key: string, s: DeckState, st: St): OverlayContent {
  const l = lagItems(s).items.find((i) => i.key === key);
  if (!l) return gone('consumer group');
  const state = lagTone(l.status);
  const recent = l.trend.slice(-12).map((v) => (v === null ? '?' : String(v))).join(' ');
  return {
    title: `Consumer lag ${l.group} / ${l.topic}`,
    lines: [
      { text: `Status     ${st(state, l.status)}`, tone: state },
      { text: `Source     ${l.source}` },
      { text: `Lag        ${l.lag ?? 'unknown'} over ${l.partitions} partition(s)${l.members !== undefined ? `, ${l.members} member(s)` : ''}` },
      { text: `Trend      ${sparkline(l.trend, 60)}` },
      { text: `Recent     ${recent}`, tone: 'muted' },
      { text: 'Why', tone: 'title' },
      ...(l.reasons.length ? l.reasons.map((r) => ({ text: `  ${r}` })) : [{ text: '  caught up', tone: 'muted' as const }]),
    ],
  };
}

/** The pod overlay: status, containers with images and last terminations, the pod's events. */
export function podContent(key: string, s: DeckState, env: OverlayEnv, st: St): OverlayContent {
  const item = podItems(s, env.query).find((p) => p.key === key);
  const raw = s.pods.get(key);
  const health: PodHealth | undefined = item?.health ?? (raw ? podHealth(raw as Pod) : undefined);
  if (!health) return gone(`Pod ${key}`);
  const node = item?.node ?? (typeof raw?.spec?.nodeName === 'string' ? raw.spec.nodeName : '');
  const lines: Line[] = [
    { text: `Status     ${st(health.severity, health.reason)}   ready ${health.readyText}   restarts ${health.restarts}`, tone: health.severity },
    ...(health.message ? [{ text: `Message    ${health.message}` }] : []),
    { text: `Node       ${node || '(not scheduled)'}${item ? `   owner ${item.workload}` : ''}` },
    { text: `Images     ${health.images.join(', ') || '(none)'}` },
  ];
  if (health.lastTermination) {
    const t = health.lastTermination;
    lines.push({ text: `Last termination  ${t.container}: ${t.reason} (exit ${t.exitCode})${t.finishedAt ? ` at ${dateText(t.finishedAt)}` : ''}`, tone: 'warning' });
  }
  lines.push({ text: '' }, { text: 'Containers', tone: 'title' });
  for (const c of health.containers) {
    const state = c.state === 'running' ? (c.ready ? 'ok' : 'progressing') : c.state === 'waiting' ? (c.reason && /BackOff|Err|Error/.test(c.reason) ? 'failed' : 'progressing') : 'unknown';
    lines.push({ text: `  ${c.init ? 'init ' : ''}${c.name}  ${st(state, `${c.state}${c.reason ? `: ${c.reason}` : ''}`)}  ready ${c.ready ? 'yes' : 'no'}  restarts ${c.restarts}`, tone: state });
    lines.push({ text: `      image ${c.image}`, tone: 'muted' });
    if (c.message) lines.push({ text: `      ${c.message}` });
    if (c.lastTermination) {
      const t = c.lastTermination;
      lines.push({ text: `      last: ${t.reason} (exit ${t.exitCode})${t.finishedAt ? ` at ${dateText(t.finishedAt)}` : ''}`, tone: 'warning' });
    }
  }
  lines.push({ text: '' }, { text: 'Events (newest first)', tone: 'title' });
  const events = podEvents(s, health.name, health.namespace ?? item?.namespace);
  if (events.length === 0) lines.push({ text: '  none seen since helmdeck started watching', tone: 'muted' });
  for (const e of events) {
    const tone: Tone = e.type === 'Warning' ? 'warning' : 'muted';
    lines.push({ text: `  ${e.at ? clockText(e.at) : '--:--:--'} ${e.type.padEnd(7)} ${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}  ${e.message}`, tone });
  }
  return { title: `Pod ${key}`, lines };
}

function podEvents(s: DeckState, name: string, namespace: string | undefined): DeckEvent[] {
  const out: DeckEvent[] = [];
  for (const e of s.events.values()) {
    if (e.involvedObject.kind !== 'Pod' || e.involvedObject.name !== name) continue;
    const ns = e.involvedObject.namespace ?? e.namespace;
    if (namespace && ns && ns !== namespace) continue;
    out.push(e);
  }
  return out.sort((a, b) => b.at - a.at).slice(0, 30);
}

/** The revision overlay: chart, versions, description, user values, notes and manifest, secrets hidden. */
export function revisionContent(revision: number, s: DeckState, q: PaneQuery, st: St): OverlayContent {
  const rev: HelmRevision | undefined = releaseRevisions(s, q.release, nsOption(q)).find((r) => r.revision === revision);
  if (!rev) return gone(`Revision ${revision}`);
  const deployed = historyItems(s, q).find((h) => h.status === 'deployed')?.revision;
  const tone = releaseTone(rev.status);
  const block = (title: string, text: string, empty: string): Line[] => [
    { text: '' },
    { text: title, tone: 'title' },
    ...(text.trim() ? text.replace(/\n+$/, '').split('\n').map((l) => ({ text: `  ${l}` })) : [{ text: `  ${empty}`, tone: 'muted' as const }]),
  ];
  const values = Object.keys(rev.config).length ? stringify(maskValues(rev.config)) : '';
  return {
    title: `Revision ${rev.revision} of ${rev.name}`,
    lines: [
      { text: `Status       ${st(tone, rev.status)}${rev.revision === deployed ? '  (deployed now)' : ''}`, tone },
      { text: `Chart        ${rev.chart.name} ${rev.chart.version}` },
      { text: `App version  ${rev.chart.appVersion || '(none)'}` },
      { text: `Updated      ${rev.updated ? dateText(rev.updated) : '(never)'}` },
      { text: `Description  ${rev.description || '(none)'}` },
      ...(rev.hooks.length ? [{ text: `Hooks        ${rev.hooks.map((h) => `${h.kind}/${h.name} (${h.events.join(', ')}${h.lastRun.phase ? `: ${h.lastRun.phase}` : ''})`).join('; ')}` }] : []),
      ...block('User values', values, 'none: the chart defaults only'),
      ...block('Notes', rev.notes, 'none'),
      ...block('Manifest (Secret data hidden)', maskManifest(rev.manifest), 'empty'),
    ],
  };
}

/** The workload overlay: rollout verdict and the pods blocking it. */
export function workloadContent(key: string, s: DeckState, q: PaneQuery, st: St): OverlayContent {
  const w = rolloutView(s, q).items.find((i): i is WorkloadItem => i.type === 'workload' && i.key === key);
  if (!w) return gone(key);
  const tone = rolloutTone(w.status);
  const blockers = w.source.status.blockers;
  return {
    title: `${w.kind} ${w.namespace}/${w.name}${w.hook ? ' (hook)' : ''}`,
    lines: [
      { text: `Status     ${st(tone, w.status)}${w.reason ? ` (${w.reason})` : ''}`, tone },
      { text: `Replicas   ${w.updated} updated, ${w.ready} ready, ${w.available} available of ${w.desired}` },
      { text: `Message    ${w.message}` },
      ...(w.note ? [{ text: `Note       ${w.note}`, tone: 'warning' as const }] : []),
      { text: '' },
      { text: 'Blocking pods', tone: 'title' },
      ...(blockers.length
        ? blockers.flatMap((b) => [{ text: `  ${st(b.severity, `${b.pod}: ${b.reason}`)}`, tone: b.severity }, ...(b.message ? [{ text: `      ${b.message}`, tone: 'muted' as const }] : [])])
        : [{ text: '  none', tone: 'muted' as const }]),
    ],
  };
}
