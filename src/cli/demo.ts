// `helmdeck demo`: a rehearsal cluster in one command — kubesim in-process,
// the bundled sample application installed by the real helm, and the
// cockpit opened on it. Quitting stops everything it started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { locateHelm } from '../helm/locate-helm.js';
import { startSim } from '../sim/index.js';
import { UsageError } from './usage-error.js';
import { watchCommand } from './watch.js';

export const demoUsage = 'Usage: helmdeck demo [--speed X] [--theme T] [--readonly]';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The sample application: web (HPA, PDB), a Kafka consumer, a pre-upgrade migration Job. */
export const demoChart = join(packageRoot, 'demo', 'charts', 'shop');

/** Runs the demo; returns the exit code. */
export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { speed: { type: 'string' }, theme: { type: 'string' }, readonly: { type: 'boolean', default: false }, helm: { type: 'string' } },
    strict: true,
  });
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0)) throw new UsageError(`--speed: expected a positive number, got "${values.speed}"`);
  let helm: string;
  try {
    helm = locateHelm({ ...(values.helm ? { flag: values.helm } : {}), cwd: process.cwd() });
  } catch (err) {
    throw new UsageError((err as Error).message, 1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-demo-'));
  const sim = await startSim({ speed, kubeconfigPath: join(dir, 'kubeconfig'), contextName: 'helmdeck-demo' });
  try {
    process.stderr.write(`helmdeck demo: kubesim at ${sim.url}; installing the sample application with ${helm}...\n`);
    // helm's own caches go to the demo's folder: the user's helm setup is left alone.
    const env = { KUBECONFIG: sim.kubeconfigPath, HELM_CACHE_HOME: join(dir, 'helm-cache'), HELM_CONFIG_HOME: join(dir, 'helm-config'), HELM_DATA_HOME: join(dir, 'helm-data') };
    const install = await execa(helm, ['install', 'shop', demoChart, '-n', 'shop', '--create-namespace', '--wait', '--timeout', '5m'], { env, reject: false, all: true });
    if (install.exitCode !== 0) throw new UsageError(`the sample application did not install: ${String(install.all).trim()}`, 1);
    process.stderr.write(`helmdeck demo: ready. To drive it from another shell: export KUBECONFIG=${sim.kubeconfigPath}\n`);
    return await watchCommand(['shop', '-n', 'shop', '--kubeconfig', sim.kubeconfigPath, '--lag', `exporter=${sim.metricsUrl}`, ...(values.theme ? ['--theme', values.theme] : []), ...(values.readonly ? ['--readonly'] : [])]);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
