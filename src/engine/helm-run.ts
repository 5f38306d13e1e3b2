// Small pieces around a headless helm run: Ctrl-C turned into helm's own
// SIGINT (runHelm never SIGKILLs), and waiting for the store to see the
// revision helm just wrote before the verify steps read it.
import type { HelmRevision } from '../helm/release-types.js';
import { releaseRevisions, type DeckStore } from '../store/index.js';

/** Calls `onInterrupt` on SIGINT/SIGTERM while installed; returns the uninstaller. */
export function watchInterrupt(onInterrupt: () => void): () => void {
  const handler = (): void => onInterrupt();
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Waits until the store holds a revision newer than `after` that is no longer pending; returns the newest seen (maybe older) at the timeout. */
export async function waitForRevision(store: DeckStore, release: string, namespace: string, after: number, timeoutMs: number): Promise<HelmRevision | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const revs = releaseRevisions(store.getState(), release, namespace);
    const latest = revs.at(-1);
    if (latest && latest.revision > after && !latest.status.startsWith('pending-')) return latest;
    if (Date.now() >= deadline) return latest;
    await new Promise((r) => setTimeout(r, 100));
  }
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
