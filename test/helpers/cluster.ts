// Starts kubesim in-process for an integration test and runs the real helm
// and kubectl (from .tools/bin) against it, each with its own HOME so
// discovery and helm caches never leak between tests.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { startSim, type Sim, type SimOptions } from '../../src/sim/index.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
export const helmBin = join(repoRoot, '.tools', 'bin', 'helm');
export const kubectlBin = join(repoRoot, '.tools', 'bin', 'kubectl');
export const chartsDir = join(repoRoot, 'test', 'fixtures', 'charts');

if (!existsSync(helmBin) || !existsSync(kubectlBin)) {
  throw new Error(`the real helm and kubectl are missing from .tools/bin: run bash scripts/setup.sh`);
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved. */
  all: string;
  exitCode: number;
}

export interface TestCluster {
  sim: Sim;
  home: string;
  env: Record<string, string>;
  helm(args: string[], opts?: { reject?: boolean; timeoutMs?: number }): Promise<RunResult>;
  kubectl(args: string[], opts?: { reject?: boolean; timeoutMs?: number }): Promise<RunResult>;
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
  const run = (bin: string) => async (args: string[], opts: { reject?: boolean; timeoutMs?: number } = {}): Promise<RunResult> => {
    const r = await execa(bin, args, { env, extendEnv: true, reject: false, timeout: opts.timeoutMs ?? 60_000, all: true });
    const result = { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), all: String(r.all ?? ''), exitCode: r.exitCode ?? -1 };
    if ((opts.reject ?? true) && result.exitCode !== 0) {
      throw new Error(`${bin.split('/').pop()} ${args.join(' ')} exited ${result.exitCode}:\n${result.all}`);
    }
    return result;
  };
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
