// Secrets planted in journal entries by the tests; none may reach a file or a report.
import type { StepResult } from '../../../src/runbook/types.js';

export const PLANTED = ['Pl4nted-one', 'Pl4nted-two', 'Pl4nted-three', 'Pl4nted-four', 'Pl4nted-five', 'Pl4nted-six', 'Pl4nted-seven'];

/** A step result whose evidence carries three of the planted secrets. */
export function plantedStep(): StepResult {
  return {
    id: 'preflight.7.run',
    kind: 'run',
    status: 'pass',
    summary: 'backup written',
    evidence: [`PGPASSWORD=${PLANTED[0]} pg_dump -U app`, `  password: ${PLANTED[1]}`, `curl -H "Authorization: Bearer ${PLANTED[2]}"`],
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_003_000,
  };
}
