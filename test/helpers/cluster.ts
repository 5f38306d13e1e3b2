// Starts kubesim in-process for an integration test and runs the real helm
// and kubectl (from .tools/bin) against it, each with its own HOME so
// discovery and helm caches never leak between tests.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type Result } from 'execa';
import { startSim, type Sim, type SimOptions } from '../../src/sim/index.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const helmBin = join(repoRoot, '.tools', 'bin', 'helm');
export const kubectlBin = join(repoRoot, '.tools', 'bin', 'kubectl');
export const chartsDir = join(repoRoot, 'test', 'fixtures', 'charts');

if (!existsSync(helmBin) || !existsSync(kubectlBin)) {
  throw new Error(`the real helm and kubectl are missing from .tools/bin: run bash scripts/setup.sh`);
}

export interface TestCluster {
  sim: Sim;
  home: string;
  env: Record<string, string>;
  helm(args: string[], opts?: { reject?: boolean; timeoutMs?: number }): Promise<Result>;
  kubectl(args: string[], opts?: { reject?: boolean; timeoutMs?: number }): Promise<Result>;
  stop(): Promise<void>;
}

export async function startTestCluster(options: SimOptions = {}): Promise<TestCluster> {
  const home = mkdtempSync(join(tmpdir(), 'helmdeck-test-'));
  const sim = await startSim({ speed: 10, bookmarkIntervalMs: 1000, ...options, kubeconfigPath: join(home, 'kubeconfig') });
  const env = {
    KUBECONFIG: sim.kubeconfigPath,
    HOME: home,
    HELM_CACHE_HOME: join(home, '.cache', 'helm'),
    HELM_CONFIG_HOME: join(home, '.config', 'helm'),
    HELM_DATA_HOME: join(home, '.local', 'share', 'helm'),
    KUBECACHEDIR: join(home, '.kube', 'cache'),
  };
  const run = (bin: string) => (args: string[], opts: { reject?: boolean; timeoutMs?: number } = {}) =>
    execa(bin, args, { env, extendEnv: true, reject: opts.reject ?? true, timeout: opts.timeoutMs ?? 60_000, all: true });
  return {
    sim,
    home,
    env,
    helm: run(helmBin),
    kubectl: run(kubectlBin),
    async stop() {
      await sim.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
