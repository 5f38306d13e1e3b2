// `helmdeck demo`: a rehearsal of the maintenance window in one command —
// kubesim in-process, the sample application installed by the real helm, a
// runbook for it written into a folder of its own, the scenario's failure
// staged, and the cockpit opened as `helmdeck upgrade --runbook` opens it:
// the checklist runs the preflight, U upgrades. Quitting stops everything it
// started; the runbook and the window's journal stay for a look afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoRunbook } from '../demo/runbook.js';
import { DEFAULT_SCENARIO, findScenario, scenarioList, scenarioNames, type Scenario } from '../demo/scenarios.js';
import { installSample, prepareScenario, writeTargetChart, type DemoStage } from '../demo/stage.js';
import { HELM_NOT_FOUND, locateHelm } from '../helm/locate-helm.js';
import { openJournal, type Journal } from '../journal/open-journal.js';
import { parseLagSource } from '../lag/index.js';
import { startSim, type Sim } from '../sim/index.js';
import type { Cockpit } from '../ui/cockpit.js';
import { say } from '../ui/ui-store.js';
import { cockpitSetup, requireTerminal, type CockpitSetup } from './cockpit-setup.js';
import { DEMO_REGISTRY_HOSTS, demoConfigText, demoRegistries } from '../demo/registry-config.js';
import { runWindowCockpit } from './open-cockpit.js';
import { shareOrRefuse } from './share-flags.js';
import { WindowHeldError } from '../share/window-lease.js';
import type { SharedWindow } from '../share/share-window.js';
import { createWindowFor, journalWindow, openSession, resolvePlans, SetupError, type Session } from './session.js';
import { UsageError } from './usage-error.js';
import { demoKubectl } from '../demo/kubectl.js';

export const demoUsage = `Usage: helmdeck demo [--scenario NAME] [--speed X] [--theme T] [--readonly] [--config FILE] [--helm PATH]
       helmdeck demo --list            the scenarios: what goes wrong in each and what to rehearse
  Starts a simulated cluster with a sample application and opens the upgrade window on it.`;

const RELEASE = 'shop';
const NAMESPACE = 'shop';
const CONTEXT = 'helmdeck-demo';

/** Runs the demo; returns the exit code. */
export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', short: 's' },
      list: { type: 'boolean', default: false },
      speed: { type: 'string' },
      theme: { type: 'string' },
      readonly: { type: 'boolean', default: false },
      config: { type: 'string' },
      helm: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(demoUsage + '\n');
    return 0;
  }
  if (values.list) {
    process.stdout.write(scenarioList() + '\n');
    return 0;
  }
  const name = values.scenario ?? DEFAULT_SCENARIO;
  const scenario = findScenario(name);
  if (!scenario) throw new UsageError(`demo: unknown scenario "${name}": expected one of ${scenarioNames()} (helmdeck demo --list describes them)`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`--speed: expected a positive number, got "${values.speed}"`);
  // Config and theme are refused before anything starts; the lag source is kubesim's, known once it runs.
  const setup = cockpitSetup({ ...values, lag: [] }, CONTEXT);
  requireTerminal();
  const helm = await findHelm(values.helm);
  return await rehearse({ scenario, speed, helm, setup });
}

async function findHelm(flag: string | undefined): Promise<string> {
  try {
    return await locateHelm({ ...(flag !== undefined ? { flag } : {}), cwd: process.cwd() });
  } catch (err) {
    const message = (err as Error).message;
    if (message !== HELM_NOT_FOUND) throw new SetupError(message);
    throw new SetupError('helm not found: the demo runs the real helm (v3 or v4) — put it on PATH, pass --helm PATH, or run bash scripts/setup.sh, which unpacks one into .tools/bin');
  }
}

interface Rehearsal {
  scenario: Scenario;
  speed: number;
  helm: string;
  setup: CockpitSetup;
}

async function rehearse(o: Rehearsal): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const demoConfig = join(dir, 'config.yaml');
  // helm's caches and config go to the demo's folder: the user's helm setup is left alone.
  const helmHomes = { HELM_CACHE_HOME: join(dir, 'helm-cache'), HELM_CONFIG_HOME: join(dir, 'helm-config'), HELM_DATA_HOME: join(dir, 'helm-data') };
  // Ctrl-C (or SIGTERM) before the cockpit is up stops the helm being run and tears down what was started.
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  let sim: Sim | undefined;
  let session: Session | undefined;
  let journal: Journal | undefined;
  let share: SharedWindow | undefined;
  let opened = false;
  try {
    sim = await startSim({ speed: o.speed, kubeconfigPath: kubeconfig, contextName: CONTEXT, registryHosts: DEMO_REGISTRY_HOSTS });
    writeFileSync(demoConfig, demoConfigText(sim.registryUrl));
    const stage: DemoStage = { sim, helm: o.helm, helmEnv: { KUBECONFIG: kubeconfig, ...helmHomes }, release: RELEASE, namespace: NAMESPACE, signal: abort.signal };
    note(`scenario ${o.scenario.name}: ${o.scenario.wrong}`);
    note(`kubesim at ${sim.url} (speed ${o.speed}); installing the sample application with ${o.helm} and letting it settle...`);
    await installSample(stage);
    const target = writeTargetChart(dir);
    if (o.scenario.prepare) note(`staging the scenario: ${o.scenario.story.join(' ')}`);
    await prepareScenario(stage, o.scenario, target);
    if (abort.signal.aborted) return 130;
    const runbook = join(dir, 'runbook.yaml');
    writeFileSync(runbook, demoRunbook({ scenario: o.scenario, release: RELEASE, namespace: NAMESPACE, chart: target, metricsUrl: sim.metricsUrl, speed: o.speed, kubectl: demoKubectl(), kubeconfig, dir }));
    note(`runbook: ${runbook}`);
    note(`ready. To drive it from another shell: export KUBECONFIG=${kubeconfig} (helm: ${o.helm}; helmdeck: --config ${demoConfig}); to follow the window: helmdeck follow ${RELEASE} -n ${NAMESPACE}`);

    const plans = resolvePlans(undefined, undefined, { runbook }, () => NAMESPACE);
    const lagSources = [parseLagSource(`exporter=${sim.metricsUrl}`), ...o.setup.lagSources];
    const registries = { ...o.setup.config.registries, ...demoRegistries(sim.registryUrl) };
    session = await openSession({ kubeconfig, helm: o.helm }, NAMESPACE, 30_000, { lagSources, logLines: o.setup.config.logs.bufferLines, registries });
    Object.assign(session.helmEnv, helmHomes);
    journal = await openJournal({ dir: join(dir, 'journal'), window: journalWindow(plans, session) });
    const win = createWindowFor(plans, session, { upgradePlanned: true, interactive: true, journal });
    // Shared like any window, so `helmdeck follow` can be rehearsed from another shell (a fresh cluster: never held).
    const shared = await shareOrRefuse({ flags: {}, config: o.setup.config, conn: session.conn, releases: plans, journal });
    if (shared instanceof WindowHeldError) throw shared;
    share = shared.share;
    shared.attach(win);
    let cockpit: Cockpit | undefined;
    for (const s of signals) process.off(s, onSignal);
    if (abort.signal.aborted) return 130;
    opened = true;
    const s = session;
    let ended = false;
    // A preflight failing outside a key handler is told on the screen; after quitting (the journal
    // closed under a check still running) there is no one left to tell.
    const preflight = (): void =>
      void win.runPreflight().catch((err: unknown) => {
        if (cockpit && !ended) say(cockpit.ui, `preflight: ${(err as Error).message}`, 'failed');
      });
    const code = await runWindowCockpit({
      setup: { ...o.setup, lagSources },
      store: s.store,
      model: s.model,
      context: s.conn.context,
      release: RELEASE,
      namespace: NAMESPACE,
      window: win,
      onStart: preflight,
      onCockpit: (c) => {
        cockpit = c;
        say(c.ui, `demo, scenario ${o.scenario.name} — runbook ${runbook}`, 'unknown');
      },
    });
    ended = true;
    return code;
  } catch (err) {
    if (abort.signal.aborted) {
      note('interrupted: stopping what the demo started');
      return 130;
    }
    if (err instanceof UsageError) throw err;
    throw new SetupError((err as Error).message);
  } finally {
    for (const s of signals) process.off(s, onSignal);
    await journal?.close('ended').catch(() => undefined);
    await share?.close('ended').catch(() => undefined);
    await session?.stop();
    await sim?.stop();
    if (opened) {
      // The cluster is gone: its kubeconfig and helm's caches go with it; the runbook, the target chart and the journal stay.
      for (const p of [kubeconfig, demoConfig, ...Object.values(helmHomes)]) rmSync(p, { recursive: true, force: true });
      note(`kubesim stopped; the runbook and the journal stay in ${dir} (helmdeck report turns the journal into a change record)`);
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// The demo's own lines go to stderr, like the commands' progress notes.
function note(line: string): void {
  process.stderr.write(`helmdeck demo: ${line}\n`);
}
