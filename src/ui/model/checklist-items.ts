// The Checklist pane's rows: every step of every release of the window, in
// the order they run, with the text the `/` filter searches. The same array
// serves the pane and the key dispatcher (j/k, Enter, space, o, r).
import type { ReleasePhase, RowState, StepRow, WindowState } from '../../engine/window.js';
import type { StateName } from '../theme/theme-types.js';
import type { Item } from './pane-query.js';

/** One step as the checklist lists it. */
export interface ChecklistItem extends Item {
  row: StepRow;
  release: string;
}

const cache = new WeakMap<readonly StepRow[], ChecklistItem[]>();

/** The rows of the checklist (cached per rows array). */
export function checklistItems(w: WindowState | undefined): readonly ChecklistItem[] {
  if (!w) return [];
  let items = cache.get(w.rows);
  if (!items) {
    items = w.rows.map((row) => {
      const release = w.releases[row.releaseIndex]?.plan.release ?? '';
      return { key: row.key, row, release, search: `${release} ${row.stage} ${row.step.id} ${row.step.title} ${row.state} ${row.result?.summary ?? ''}` };
    });
    cache.set(w.rows, items);
  }
  return items;
}

/** The colour a row state is shown in. */
export function rowTone(state: RowState): StateName {
  switch (state) {
    case 'passed':
    case 'acknowledged':
      return 'ok';
    case 'failed':
      return 'failed';
    case 'warned':
    case 'overridden':
      return 'warning';
    case 'running':
      return 'progressing';
    default:
      return 'unknown';
  }
}

/** The colour of a release phase. */
export function phaseTone(phase: ReleasePhase): StateName {
  switch (phase) {
    case 'ready':
    case 'verified':
      return 'ok';
    case 'blocked':
    case 'rolled-back':
      return 'warning';
    case 'upgrade-failed':
    case 'verify-failed':
    case 'rollback-failed':
      return 'failed';
    case 'preflight':
    case 'upgrading':
    case 'verifying':
    case 'rolling-back':
      return 'progressing';
    default:
      return 'unknown';
  }
}

/** The selectedStep fact of the command context for a row. */
export function selectedStepFact(row: StepRow): { kind: 'manual' | 'check' | 'run' | 'verify'; state: RowState } {
  const kind = row.step.kind === 'manual' ? 'manual' : row.stage === 'verify' ? 'verify' : row.step.kind === 'run' ? 'run' : 'check';
  return { kind, state: row.state };
}
