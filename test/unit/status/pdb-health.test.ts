import { describe, expect, it } from 'vitest';
import { budgetAllowance, pdbHealth, zeroDowntime, type PdbHealth } from '../../../src/status/index.js';
import { fixture } from './load.js';

const rows: Array<{ file: string; status: PdbHealth['status']; counts: [allowed: number, current: number, desired: number, expected: number]; message: string }> = [
  { file: 'pdb-ok', status: 'ok', counts: [2, 3, 1, 3], message: '2 disruptions allowed (3 healthy, 1 required)' },
  { file: 'pdb-max-unavailable-percent', status: 'ok', counts: [1, 4, 3, 4], message: '1 disruptions allowed (4 healthy, 3 required)' },
  {
    file: 'pdb-zero-allowed', status: 'warning', counts: [0, 2, 2, 2],
    message: 'disruptionsAllowed 0 means a rolling update / drain can stall: evictions wait until more than 2 pods are healthy',
  },
  { file: 'pdb-violated', status: 'failed', counts: [0, 1, 2, 3], message: '1 healthy pods, the budget needs 2: every eviction is refused' },
  { file: 'pdb-no-pods', status: 'warning', counts: [0, 0, 1, 0], message: 'the budget selects no pods, so it protects nothing' },
  { file: 'pdb-not-observed', status: 'unknown', counts: [2, 3, 1, 3], message: 'the disruption controller has not evaluated this budget yet' },
];

describe('pdbHealth', () => {
  it.each(rows)('$file → $status', ({ file, status, counts, message }) => {
    const h = pdbHealth(fixture(`pdb/${file}`));
    expect(h.status).toBe(status);
    expect([h.allowed, h.currentHealthy, h.desiredHealthy, h.expected]).toEqual(counts);
    expect(h.message).toBe(message);
  });

  it('warns when the budget can never allow a disruption at the workload size', () => {
    // minAvailable 2 on a 2-replica StatefulSet: even fully healthy, nothing may go.
    const h = pdbHealth(fixture('pdb/pdb-zero-allowed'), 2);
    expect(h.status).toBe('warning');
    expect(h.message).toContain('with 2 replicas this budget (minAvailable 2) never allows a disruption');
  });

  it('flags a healthy-looking budget that a smaller workload could not satisfy', () => {
    const h = pdbHealth(fixture('pdb/pdb-max-unavailable-percent'), 4);
    expect(h.status).toBe('ok');
    const pdb = fixture('pdb/pdb-ok');
    expect(pdbHealth(pdb, 1)).toMatchObject({ status: 'warning', message: 'with 1 replicas this budget (minAvailable 1) never allows a disruption' });
  });
});

describe('budgetAllowance', () => {
  it.each([
    { file: 'pdb-ok', replicas: 3, allowed: 2 },
    { file: 'pdb-ok', replicas: 1, allowed: 0 },
    { file: 'pdb-zero-allowed', replicas: 2, allowed: 0 },
    { file: 'pdb-zero-allowed', replicas: 5, allowed: 3 },
    // 25% of 4 is 1; 25% of 5 rounds up to 2, as the disruption controller rounds.
    { file: 'pdb-max-unavailable-percent', replicas: 4, allowed: 1 },
    { file: 'pdb-max-unavailable-percent', replicas: 5, allowed: 2 },
    { file: 'pdb-max-unavailable-percent', replicas: 0, allowed: 0 },
  ])('$file with $replicas replicas allows $allowed', ({ file, replicas, allowed }) => {
    expect(budgetAllowance(fixture(`pdb/${file}`), replicas)).toBe(allowed);
  });
});

describe('zeroDowntime', () => {
  it.each([
    { label: '3 replicas, budget allows 2', replicas: 3, file: 'pdb-ok', ok: true, reasons: [] as string[] },
    { label: '1 replica, no budget', replicas: 1, file: undefined, ok: false, reasons: ['1 replica: a restart or drain takes the service down; zero downtime needs at least 2'] },
    { label: '2 replicas, budget at 0', replicas: 2, file: 'pdb-zero-allowed', ok: false, reasons: ['PodDisruptionBudget "db" allows 0 disruptions: drains and evictions will stall'] },
    { label: '3 replicas, budget not evaluated yet but its spec allows 2', replicas: 3, file: 'pdb-not-observed', ok: true, reasons: [] },
  ])('$label → ok=$ok', ({ replicas, file, ok, reasons }) => {
    const pdb = file ? fixture(`pdb/${file}`) : undefined;
    if (file === 'pdb-not-observed') delete pdb.status;
    const r = zeroDowntime(replicas, pdb);
    expect(r.ok).toBe(ok);
    expect(r.reasons).toEqual(reasons);
  });

  it('notes the missing budget without failing', () => {
    expect(zeroDowntime(3)).toEqual({ ok: true, reasons: [], notes: ['no PodDisruptionBudget: a node drain may evict every replica at once'] });
  });
});
