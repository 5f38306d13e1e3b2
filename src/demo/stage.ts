// Sets the stage for a rehearsal on kubesim: the sample application installed
// by the real helm, the chart of the version the window upgrades to, and the
// scenario's own preparation (a consumer scaled to 0, a helm killed mid-way).
// Every helm started here ends before the cockpit opens, or when the signal aborts.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../package-root.js';
import { RT } from '../sim/api/resources.js';
import type { Sim } from '../sim/index.js';
import { TARGET_VERSION, type Scenario, type StageActions } from './scenarios.js';

/** The sample application as shipped: version 1.0.0. */
export function demoChartDir(): string {
  return join(packageRoot(), 'demo', 'charts', 'shop');
}

/** Where the demo runs helm, and how. */
export interface DemoStage {
  sim: Sim;
  helm: string;
  /** KUBECONFIG and helm's own homes (the user's helm setup is left alone). */
  helmEnv: Record<string, string>;
  release: string;
  namespace: string;
  /** Aborts every helm started here (the operator pressed Ctrl-C during setup). */
  signal: AbortSignal;
}

/**
 * Writes the next version of the chart into `dir` — what the shop's CI would
 * have published: the same templates with version and appVersion TARGET_VERSION.
 */
export function writeTargetChart(dir: string): string {
  const out = join(dir, 'charts', `shop-${TARGET_VERSION}`);
  cpSync(demoChartDir(), out, { recursive: true });
  const file = join(out, 'Chart.yaml');
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/^version: .*$/m, `version: ${TARGET_VERSION}`).replace(/^appVersion: .*$/m, `appVersion: "${TARGET_VERSION}"`);
  if (!/^version: /m.test(text) || !/^appVersion: /m.test(text)) throw new Error(`${file}: no version or appVersion line to update`);
  writeFileSync(file, next);
  return out;
}

/** `helm install` of the sample application, waiting until it is ready. */
export async function installSample(s: DemoStage): Promise<void> {
  const r = await execa(s.helm, ['install', s.release, demoChartDir(), '-n', s.namespace, '--create-namespace', '--wait', '--timeout', '5m'], {
    env: s.helmEnv,
    reject: false,
    all: true,
    cancelSignal: s.signal,
  });
  if (s.signal.aborted) throw new Error('interrupted while installing the sample application');
  if (r.exitCode !== 0) throw new Error(`the sample application did not install: ${String(r.all).trim()}`);
  // Settled as a cluster that has been running a while: the HPA read its metrics once (its first sync may
  // have come before any pod was ready, and the next one is a sync period away).
  const store = s.sim.ctx.store;
  const hpasActive = (): boolean =>
    store.list(RT.hpas, s.namespace).every((h) => (h.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'ScalingActive' && c.status === 'True'));
  await until(hpasActive, 60_000, s.signal, 'the HPA to read its first metrics');
}

/** Polls `done` until it holds; throws after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs: number, signal: AbortSignal, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (signal.aborted) throw new Error(`interrupted while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs the scenario's preparation against the installed application. */
export async function prepareScenario(s: DemoStage, scenario: Scenario, targetChart: string): Promise<void> {
  await scenario.prepare?.(stageActions(s, scenario, targetChart));
}

function stageActions(s: DemoStage, scenario: Scenario, targetChart: string): StageActions {
  const store = s.sim.ctx.store;
  return {
    async scale(name, replicas) {
      const d = store.get(RT.deployments, s.namespace, name);
      if (!d) throw new Error(`no Deployment ${name} in namespace ${s.namespace}`);
      store.update(RT.deployments, { ...d, spec: { ...d.spec, replicas } });
    },
    async killedUpgrade(extra) {
      const set = [...scenario.set.map((x) => `${x.key}=${x.value}`), ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)];
      const helm = execa(s.helm, ['upgrade', s.release, targetChart, '-n', s.namespace, ...set.flatMap((x) => ['--set', x]), '--wait', '--timeout', '10m'], {
        env: s.helmEnv,
        reject: false,
        all: true,
        cancelSignal: s.signal,
      });
      let exited = false;
      void helm.finally(() => (exited = true));
      const pending = (): boolean =>
        store.list(RT.secrets, s.namespace).some((x) => x.metadata.labels?.owner === 'helm' && x.metadata.labels?.name === s.release && x.metadata.labels?.status === 'pending-upgrade');
      const migrating = (): boolean =>
        store.list(RT.pods, s.namespace).some((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'migrate' && p.status?.phase === 'Running');
      const deadline = Date.now() + 60_000;
      while (!(pending() && migrating())) {
        if (exited || s.signal.aborted) break;
        if (Date.now() > deadline) {
          helm.kill('SIGTERM');
          await helm;
          throw new Error('staging the stuck release: helm upgrade did not reach its migration within 60 s');
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      if (s.signal.aborted) {
        await helm;
        throw new Error('interrupted while staging the stuck release');
      }
      if (exited) throw new Error(`staging the stuck release: helm upgrade ended before it could be killed: ${String((await helm).all).trim()}`);
      // The failure being staged: a helm that dies without a word leaves its revision pending for good.
      helm.kill('SIGKILL');
      await helm;
      // What it started runs on without it: the migration finishes, as it would have long before the window.
      const migrationDone = (): boolean =>
        !store.list(RT.pods, s.namespace).some((p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'migrate' && p.status?.phase !== 'Succeeded');
      await until(migrationDone, 60_000, s.signal, 'the staged migration to finish');
    },
  };
}
