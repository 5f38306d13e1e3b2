// Where a key becomes a helm command: U, R, r in History, and the checklist's
// ack/retry/override turn into a prompt that shows exactly what will run,
// and only a yes (or the typed release name, or a typed reason) reaches the
// window controller (engine/window.ts), which runs helm and journals it.
import type { UpgradeWindow } from '../engine/window.js';
import { migrationWarnings, rollbackPreview, type LiveJob } from '../engine/rollback-preview.js';
import { keyOf, releaseRevisions } from '../store/index.js';
import type { Cockpit } from './cockpit.js';
import { currentContext } from './command-context.js';
import { checklistItems } from './model/checklist-items.js';
import { filterItems } from './model/filter-items.js';
import { cursorRow, say, type Prompt, type PromptLine } from './ui-store.js';

/** Opens a prompt; it owns the keys until answered or cancelled. */
export function ask(c: Cockpit, p: Omit<Prompt, 'text' | 'offset'>): void {
  c.ui.setState({ prompt: { ...p, text: '', offset: 0 }, overlay: undefined });
}

// A helm action failing outside a key handler still has to reach the operator.
function report(c: Cockpit, what: string, work: Promise<unknown>): void {
  work.catch((e: unknown) => say(c.ui, `${what}: ${(e as Error).message}`, 'failed'));
}

/** Runs a window command (helm.*, checklist.*); the dispatcher has checked disabledWhy. */
export function runWindowCommand(c: Cockpit, w: UpgradeWindow, id: string): void {
  switch (id) {
    case 'helm.upgrade': return askUpgrade(c, w);
    case 'helm.rollback': return askRollback(c, w);
    case 'helm.rollbackTo': return askRollbackTo(c, w);
    case 'checklist.ack':
    case 'checklist.retry':
    case 'checklist.override': return checklistCommand(c, w, id);
  }
}

// Production contexts ask for the release name instead of a y.
function confirmation(c: Cockpit, release: string, question: string): Pick<Prompt, 'kind' | 'question' | 'expect'> {
  return c.production
    ? { kind: 'text', question: `Production context ${c.context}: type the release name (${release}) to confirm`, expect: release }
    : { kind: 'confirm', question };
}

function askUpgrade(c: Cockpit, w: UpgradeWindow): void {
  const plan = w.currentPlan()!;
  const lines: PromptLine[] = [
    { text: `Upgrade ${plan.release} in namespace ${plan.namespace} (context ${c.context}) with:`, tone: 'title' },
    { text: '' },
    { text: `$ ${w.upgradeCommand()}` },
    { text: '' },
  ];
  if (plan.rollback.migrationsForwardOnly) lines.push({ text: '⚠ Migrations are forward-only: after this upgrade a rollback will not undo them.', tone: 'warning' });
  for (const n of plan.rollback.notes) lines.push({ text: `⚠ Rollback note: ${n}`, tone: 'warning' });
  const diff = w.store.getState().rows.find((r) => r.releaseIndex === w.store.getState().current && r.step.kind === 'diff')?.result;
  if (diff) lines.push({ text: '' }, { text: `Diff (${diff.summary}):`, tone: 'muted' }, ...diff.evidence.slice(0, 400).map((t) => ({ text: `  ${t}` })));
  ask(c, {
    title: `Upgrade ${plan.release}`,
    lines,
    ...confirmation(c, plan.release, 'Run this command? [y/N]  (c copies it)'),
    copy: w.upgradeCommand(),
    onAnswer: () => {
      say(c.ui, `helm upgrade ${plan.release} started`, 'progressing');
      report(c, 'upgrade', w.upgrade());
    },
  });
}

/** R: roll back to the last good revision, after a y/N (typed name in production). */
export function askRollback(c: Cockpit, w: UpgradeWindow): void {
  const plan = w.currentPlan();
  const target = w.rollbackTarget();
  if (!plan || !target) return say(c.ui, 'rollback: no earlier good revision', 'warning');
  const preview = rollbackPreview(releaseRevisions(c.deck.getState(), plan.release, plan.namespace), target.revision, plan.rollback, liveJobs(c, plan.namespace));
  const running = w.store.getState().busy;
  ask(c, {
    title: `Roll back ${plan.release}`,
    lines: [
      { text: `Roll back ${plan.release} from revision ${preview?.from.revision ?? '?'} to revision ${target.revision} (${target.chart.name}-${target.chart.version}, app ${target.chart.appVersion}):`, tone: 'title' },
      ...(running ? [{ text: `${running}: it will be interrupted (SIGINT) first and recorded as failed.`, tone: 'warning' as const }] : []),
      { text: '' },
      { text: `$ ${w.rollbackCommand(target.revision)}` },
      ...warningLines(preview?.warnings ?? []),
    ],
    ...confirmation(c, plan.release, 'Roll back now? [y/N]  (c copies the command)'),
    copy: w.rollbackCommand(target.revision),
    onAnswer: () => {
      say(c.ui, `helm rollback ${plan.release} to ${target.revision} started`, 'progressing');
      report(c, 'rollback', w.rollback(target.revision, 'rollback key'));
    },
  });
}

/** r in History (or `helmdeck rollback RELEASE REVISION`): the diff and warnings, then the typed release name. */
export function askRollbackTo(c: Cockpit, w: UpgradeWindow, picked?: number): void {
  const plan = w.currentPlan();
  const revision = picked ?? currentContext(c).selectedRevision;
  if (!plan || revision === undefined) return say(c.ui, 'rollback: no revision selected', 'warning');
  const preview = rollbackPreview(releaseRevisions(c.deck.getState(), plan.release, plan.namespace), revision, plan.rollback, liveJobs(c, plan.namespace));
  if (!preview) return say(c.ui, `rollback: release ${plan.release} has no revision ${revision}`, 'warning');
  const t = preview.to;
  ask(c, {
    title: `Roll back ${plan.release} to revision ${revision}`,
    lines: [
      { text: `Roll back ${plan.release} from revision ${preview.from.revision} to revision ${revision} (${t.status}, ${t.chart.name}-${t.chart.version}, app ${t.chart.appVersion}):`, tone: 'title' },
      { text: '' },
      { text: `$ ${w.rollbackCommand(revision)}` },
      ...warningLines(preview.warnings),
      { text: '' },
      { text: preview.diff.length ? `What changes (revision ${preview.from.revision} → ${revision}):` : 'No differences in values, objects or chart.', tone: 'muted' },
      ...preview.diff.map((text) => ({ text: `  ${text}` })),
    ],
    kind: 'text',
    question: `Type the release name (${plan.release}) to roll back`,
    expect: plan.release,
    onAnswer: () => {
      say(c.ui, `helm rollback ${plan.release} to ${revision} started`, 'progressing');
      report(c, 'rollback', w.rollback(revision, `picked revision ${revision} from history`));
    },
  });
}

function warningLines(warnings: readonly string[]): PromptLine[] {
  return warnings.length ? [{ text: '' }, ...warnings.map((text) => ({ text: `⚠ ${text}`, tone: 'warning' as const }))] : [];
}

function checklistCommand(c: Cockpit, w: UpgradeWindow, id: string): void {
  const u = c.ui.getState();
  const item = cursorRow(u.cursors.checklist, filterItems(checklistItems(w.store.getState()), u.filters.checklist));
  if (!item) return say(c.ui, 'no step selected', 'warning');
  const key = item.row.key;
  if (id === 'checklist.ack') return report(c, 'ack', w.ack(key, c.operator));
  if (id === 'checklist.retry') {
    say(c.ui, `running ${item.row.step.id} again`, 'progressing');
    return report(c, 'retry', w.retry(key));
  }
  ask(c, {
    title: `Override ${item.row.step.id}`,
    lines: [
      { text: `${item.row.step.title}: ${item.row.result?.summary ?? 'failed'}`, tone: 'failed' },
      ...(item.row.result?.evidence ?? []).slice(0, 50).map((text) => ({ text: `  ${text}` })),
      { text: '' },
      { text: 'The gate will pass with your reason; the reason is recorded in the journal and the change record.', tone: 'muted' },
    ],
    kind: 'text',
    question: 'Reason for overriding this gate',
    onAnswer: (reason) => report(c, 'override', w.override(key, reason)),
  });
}

/** Offers the rollback as soon as pods of the new revision cannot start. */
export function offerFailFastRollback(c: Cockpit, w: UpgradeWindow, pods: readonly string[]): void {
  const plan = w.currentPlan();
  const target = w.rollbackTarget();
  if (!plan) return;
  // A migration that already ran is not undone by this rollback: the operator must know before answering.
  const warnings = target ? migrationWarnings(releaseRevisions(c.deck.getState(), plan.release, plan.namespace), target.revision, plan.rollback, liveJobs(c, plan.namespace)) : [];
  ask(c, {
    title: `${plan.release}: the new revision cannot start`,
    lines: [
      { text: 'Pods of the new revision will not start without a change:', tone: 'failed' },
      ...pods.map((p) => ({ text: `  ${p}`, tone: 'failed' as const })),
      { text: '' },
      { text: `helm is still waiting (up to its --timeout). Rolling back now interrupts it (SIGINT), then runs:`, tone: 'muted' },
      { text: target ? `$ ${w.rollbackCommand(target.revision)}` : 'no earlier good revision to roll back to', tone: target ? undefined : 'warning' },
      ...warningLines(warnings),
    ],
    kind: 'confirm',
    question: 'Roll back now? [y/N]  (N keeps waiting for helm)',
    onAnswer: () => {
      if (!target) return;
      say(c.ui, `rolling back ${plan.release} to ${target.revision}`, 'progressing');
      report(c, 'rollback', w.rollback(target.revision, `fail fast: ${pods.join(', ')}`));
    },
  });
}

// Hook Jobs as the cluster has them now: helm's record of a hook lags behind the Job itself.
function liveJobs(c: Cockpit, namespace: string): LiveJob {
  return (name) => c.deck.getState().workloads.jobs.get(keyOf(namespace, name));
}
