// pdb's zero-downtime verdicts: replicas ≥ 2 and a budget allowing a
// disruption per covered workload; no budget is a warning.
import { describe, expect, it } from 'vitest';
import { judgePdbs, run } from '../../../src/runbook/checks/pdb.js';
import { createDeckStore } from '../../../src/store/index.js';
import { feed, fixture, manifestOf, scenario, shopSecret, webSpec } from '../store/world.js';

const pdb = (file: string) => fixture(`pdb/${file}`);

describe('judgePdbs', () => {
  it('passes a workload with 3 replicas and a budget that allows disruptions', () => {
    const r = judgePdbs([{ name: 'Deployment/web', replicas: 3, pdbs: [pdb('pdb-ok')] }]);
    expect(r).toEqual({
      status: 'pass',
      summary: '1 workload(s) with ≥ 2 replicas and a budget allowing disruptions',
      evidence: ['Deployment/web: 3 replica(s), PodDisruptionBudget web (2 disruptions allowed (3 healthy, 1 required)) — ok'],
    });
  });

  it('fails a budget that allows no disruption, and a single replica under a budget', () => {
    const zero = judgePdbs([{ name: 'StatefulSet/db', replicas: 2, pdbs: [pdb('pdb-zero-allowed')] }]);
    expect(zero.status).toBe('fail');
    expect(zero.summary).toBe('no zero-downtime upgrade for StatefulSet/db: too few replicas or a budget that allows no disruption');
    expect(zero.evidence[0]).toMatch(/PodDisruptionBudget "db" allows 0 disruptions: drains and evictions will stall$/);
    const single = judgePdbs([{ name: 'Deployment/web', replicas: 1, pdbs: [pdb('pdb-ok')] }]);
    expect(single.status).toBe('fail');
    expect(single.evidence[0]).toContain('1 replica: a restart or drain takes the service down; zero downtime needs at least 2');
  });

  it('warns when no budget covers a workload, whatever the rest', () => {
    const r = judgePdbs([
      { name: 'Deployment/web', replicas: 3, pdbs: [pdb('pdb-ok')] },
      { name: 'Deployment/worker', replicas: 1, pdbs: [] },
    ]);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('no PodDisruptionBudget covers Deployment/worker');
    expect(r.evidence[1]).toBe('Deployment/worker: 1 replica(s) — no PodDisruptionBudget: a node drain may evict every replica at once; 1 replica: a restart or drain takes the service down; zero downtime needs at least 2');
  });

  it('warns when there is nothing to judge', () => {
    expect(judgePdbs([]).status).toBe('warn');
  });
});

describe('run', () => {
  it("matches the release's Deployments to the budgets selecting their pods", async () => {
    const store = createDeckStore({ connection: { namespace: 'shop' } });
    feed(store, 'helm-secrets', [shopSecret(1, 'deployed', { chartVersion: '1.0.0', appVersion: '1', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]) })]);
    feed(store, 'deployments', [scenario('deploy-complete').workload]);
    feed(store, 'pdbs', [pdb('pdb-ok'), pdb('pdb-zero-allowed')]);
    const r = await run({ id: 'p', title: 'p', required: true, kind: 'pdb' }, { store, release: 'shop', namespace: 'shop', now: () => 0 } as never);
    expect(r.status).toBe('pass');
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]).toMatch(/^Deployment\/web: 3 replica\(s\), PodDisruptionBudget web /);
  });
});
