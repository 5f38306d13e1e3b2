// Small pieces around a headless helm run: Ctrl-C, a kill or a closed
// terminal turned into helm's own SIGINT (runHelm never SIGKILLs), waiting
// (on store changes, not a polling loop) for the store to see the revision
// helm just wrote before the verify steps read it, and helm's failure explained in the operator's words.
import { classifyHelmError, type ClassifyContext, type HelmErrorExplanation } from '../helm/actions/classify-helm-error.js';
import type { HelmRunResult } from '../helm/actions/run-helm.js';
import type { HelmRevision } from '../helm/release-types.js';
import { releaseRevisions, type DeckStore } from '../store/index.js';

/** The signals that end a headless run: Ctrl-C, kill/systemd/CI cancel, and a closed terminal or SSH session. */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Calls `onInterrupt` on SIGINT, SIGTERM or SIGHUP while installed; returns the uninstaller. */
export function watchInterrupt(onInterrupt: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    // After a hangup the terminal is gone and writing to it fails (EIO);
    // that must not end the process before helm has stopped and the journal
    // has the outcome.
    if (signal === 'SIGHUP') ignoreOutputErrors();
    onInterrupt(signal);
  };
  for (const s of INTERRUPT_SIGNALS) process.on(s, handler);
  return () => {
    for (const s of INTERRUPT_SIGNALS) process.off(s, handler);
  };
}

let outputErrorsIgnored = false;
function ignoreOutputErrors(): void {
  if (outputErrorsIgnored) return;
  outputErrorsIgnored = true;
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
}

/** Resolves true once `ready()` holds for the store (checked at once and on every change), false after `timeoutMs`. */
export function waitForState(store: DeckStore, ready: () => boolean, timeoutMs: number): Promise<boolean> {
  if (ready()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve(ok);
    };
    const unsubscribe = store.subscribe(() => {
      if (ready()) done(true);
    });
    const timer = setTimeout(() => done(ready()), timeoutMs);
  });
}

/** Waits until the store holds a revision newer than `after` that is no longer pending; returns the newest seen (maybe older) at the timeout. */
export async function waitForRevision(store: DeckStore, release: string, namespace: string, after: number, timeoutMs: number): Promise<HelmRevision | undefined> {
  const newest = (): HelmRevision | undefined => releaseRevisions(store.getState(), release, namespace).at(-1);
  await waitForState(store, () => {
    const latest = newest();
    return !!latest && latest.revision > after && !latest.status.startsWith('pending-');
  }, timeoutMs);
  return newest();
}

/** The revision a rollback without REVISION returns to: the newest revision before the latest that was ever deployed. */
export function previousDeployed(revs: readonly HelmRevision[]): HelmRevision | undefined {
  const latest = revs.at(-1);
  if (!latest) return undefined;
  for (let i = revs.length - 2; i >= 0; i--) {
    const r = revs[i]!;
    if (r.revision < latest.revision && (r.status === 'superseded' || r.status === 'deployed')) return r;
  }
  return undefined;
}

/** The newest revision that ran (deployed, or superseded): where guidance should send a rollback. */
export function lastGoodRevision(revs: readonly HelmRevision[]): number | undefined {
  for (let i = revs.length - 1; i >= 0; i--) {
    const r = revs[i]!;
    if (r.status === 'deployed' || r.status === 'superseded') return r.revision;
  }
  return undefined;
}

/**
 * What to print under a failed helm run: helm's own error lines were
 * streamed already, so these add what it means and what to do next. Empty
 * for a run that succeeded or was interrupted (the caller says that itself).
 */
export function helmFailureLines(result: HelmRunResult, ctx: ClassifyContext): string[] {
  if (result.exitCode === 0 || result.interrupted) return [];
  if (result.spawnError) return [`  why: helm could not be started: ${result.spawnError}`];
  const e: HelmErrorExplanation = classifyHelmError(result.stderr, ctx);
  return [`  why: ${e.explanation}`, `  next: ${e.guidance}`];
}
