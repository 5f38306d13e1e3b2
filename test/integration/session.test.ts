// openSession against kubesim: what the upgrade, rollback and demo commands
// start from (connection, live model synced, helm found).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../src/cli/session.js';
import { helmBin, startTestCluster, type TestCluster } from '../helpers/cluster.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('openSession', () => {
  it('syncs the live model and bounds log views by the configured buffer', async () => {
    const session = await openSession({ kubeconfig: cluster.sim.kubeconfigPath, helm: helmBin }, 'default', 20_000, { logLines: 321 });
    try {
      const s = session.store.getState();
      expect(s.connection.synced.has('pods')).toBe(true);
      expect(s.limits.logLines).toBe(321);
      expect(session.helmPath).toBe(helmBin);
    } finally {
      await session.stop();
    }
  });

  it('keeps the store default without a configured buffer', async () => {
    const session = await openSession({ kubeconfig: cluster.sim.kubeconfigPath, helm: helmBin }, 'default', 20_000);
    try {
      expect(session.store.getState().limits.logLines).not.toBe(321);
    } finally {
      await session.stop();
    }
  });
});
