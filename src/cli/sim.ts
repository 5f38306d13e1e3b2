// `helmdeck sim serve` runs kubesim in the foreground; `helmdeck sim fault`
// injects a fault into a running one through its kubeconfig, and
// `helmdeck sim image push` puts images into its registry.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { faultHelp } from '../sim/faults.js';
import { startSim } from '../sim/index.js';
import { UsageError } from './usage-error.js';

export const simUsage = `Usage:
  helmdeck sim serve --kubeconfig PATH [--port N] [--metrics-port N] [--registry-port N] [--registry-host HOST]...
                     [--speed X] [--nodes N] [--context NAME]
      --registry-host HOST   images on HOST (host[:port], e.g. registry.example.invalid) are pulled from kubesim's
                             registry (printed as registry=URL); repeatable
  helmdeck sim fault --kubeconfig PATH FAULT
  helmdeck sim image push --kubeconfig PATH IMAGE...
      puts a small image under each IMAGE's tag in kubesim's registry (IMAGE on its address or a --registry-host)
  helmdeck sim load --kubeconfig PATH [-n NS] [--pods N] [--selector SEL] [--deployment NAME [--replicas R] [--roll once|continuous]]
                    [--events-per-second E] [--seconds S] [--change annotation|restarts] [--log-pods N --log-rate L]
      --pods N               create N bare pods (default 100; 0 with --selector or --deployment)
      --selector SEL         churn the existing pods matching this label selector
      --deployment NAME      scale this Deployment (created when missing) to --replicas R and churn its pods;
                             --roll once starts a rollout, --roll continuous starts the next whenever one finishes
      --events-per-second E  pod changes per second for --seconds S (default 10)
      --change restarts      each change writes a unique restart count (shows in kubectl and the cockpit)
      --log-pods N --log-rate L   N pods each write L log lines per second for --seconds S

${faultHelp}`;

/** host or host:port, as an image reference names its registry. */
const REGISTRY_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/i;

function positiveNumber(flag: string, text: string | undefined, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)) || (!integer && n === 0)) {
    throw new UsageError(`--${flag}: expected a ${integer ? 'whole number' : 'positive number'}, got "${text}"`);
  }
  return n;
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      kubeconfig: { type: 'string' },
      port: { type: 'string' },
      'metrics-port': { type: 'string' },
      'registry-port': { type: 'string' },
      'registry-host': { type: 'string', multiple: true },
      speed: { type: 'string' },
      context: { type: 'string' },
      nodes: { type: 'string' },
    },
    strict: true,
  });
  if (!values.kubeconfig) throw new UsageError('sim serve: --kubeconfig PATH is required (where to write the kubeconfig for helm and kubectl)');
  const nodes = positiveNumber('nodes', values.nodes, 3, true);
  for (const host of values['registry-host'] ?? []) {
    if (!REGISTRY_HOST.test(host)) throw new UsageError(`--registry-host: expected a registry host such as registry.example.invalid or host:5000 (no scheme, no path), got "${host}"`);
  }
  if (nodes < 1) throw new UsageError('--nodes: at least one node is needed');
  const sim = await startSim({
    kubeconfigPath: values.kubeconfig,
    port: positiveNumber('port', values.port, 0, true),
    metricsPort: positiveNumber('metrics-port', values['metrics-port'], 0, true),
    registryPort: positiveNumber('registry-port', values['registry-port'], 0, true),
    registryHosts: values['registry-host'] ?? [],
    speed: positiveNumber('speed', values.speed, 1),
    nodes,
    ...(values.context ? { contextName: values.context } : {}),
  });
  process.stdout.write(`kubesim ready url=${sim.url} kubeconfig=${sim.kubeconfigPath} metrics=${sim.metricsUrl} registry=${sim.registryUrl}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.stop();
  process.stdout.write('kubesim stopped\n');
  return 0;
}

interface KubeTarget {
  server: string;
  ca?: string;
  token?: string;
}

/** Reads the current context's server, CA and token from a kubeconfig file. */
function readTarget(path: string): KubeTarget {
  let doc: any;
  try {
    doc = YAML.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: cannot read kubeconfig: ${(err as Error).message}`, 1);
  }
  const ctxName = doc?.['current-context'];
  const ctx = doc?.contexts?.find((c: any) => c.name === ctxName)?.context;
  const cluster = doc?.clusters?.find((c: any) => c.name === ctx?.cluster)?.cluster;
  const user = doc?.users?.find((u: any) => u.name === ctx?.user)?.user;
  if (!cluster?.server) throw new UsageError(`${path}: no cluster server for current context "${ctxName ?? ''}"`, 1);
  return {
    server: cluster.server,
    ...(cluster['certificate-authority-data'] ? { ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8') } : {}),
    ...(user?.token ? { token: user.token } : {}),
  };
}

/** POSTs a JSON body to one of kubesim's admin endpoints, through the kubeconfig's server, CA and token. */
async function postAdmin(kubeconfig: string, endpoint: string, payload: unknown): Promise<any> {
  const target = readTarget(kubeconfig);
  const body = JSON.stringify(payload);
  const url = new URL(endpoint, target.server);
  const answer = await new Promise<{ code: number; text: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ...(target.ca ? { ca: target.ca } : {}),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}) },
        timeout: 60_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${target.server} within 60 s`)));
    req.on('error', reject);
    req.end(body);
  }).catch((err: Error) => {
    throw new UsageError(`cannot reach kubesim at ${target.server}: ${err.message}`, 1);
  });
  let parsed: any;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    parsed = undefined;
  }
  if (answer.code !== 200) throw new UsageError(`refused: ${parsed?.message ?? answer.text}`, 1);
  return parsed;
}

async function fault(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { kubeconfig: { type: 'string' } }, allowPositionals: true, strict: true });
  if (!values.kubeconfig) throw new UsageError('sim fault: --kubeconfig PATH is required');
  if (positionals.length !== 1) throw new UsageError(`sim fault: expected exactly one FAULT\n${faultHelp}`);
  try {
    await postAdmin(values.kubeconfig, '/kubesim/v1/faults', { fault: positionals[0] });
  } catch (err) {
    if (err instanceof UsageError && err.message.startsWith('refused: ')) throw new UsageError(`fault ${err.message}`, 1);
    throw err;
  }
  process.stdout.write(`fault applied: ${positionals[0]}\n`);
  return 0;
}

async function image(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb !== 'push') throw new UsageError(`sim image: expected "push", got ${verb === undefined ? 'nothing' : `"${verb}"`}\n${simUsage}`);
  const { values, positionals } = parseArgs({ args: rest, options: { kubeconfig: { type: 'string' } }, allowPositionals: true, strict: true });
  if (!values.kubeconfig) throw new UsageError('sim image push: --kubeconfig PATH is required');
  if (positionals.length === 0) throw new UsageError('sim image push: name at least one IMAGE (HOST/REPOSITORY:TAG)');
  let answer: { pushed: Array<{ image: string; digest: string }> };
  try {
    answer = await postAdmin(values.kubeconfig, '/kubesim/v1/images', { images: positionals });
  } catch (err) {
    if (err instanceof UsageError && err.message.startsWith('refused: ')) throw new UsageError(`image push ${err.message}`, 1);
    throw err;
  }
  for (const p of answer.pushed) process.stdout.write(`pushed ${p.image} ${p.digest}\n`);
  return 0;
}

async function load(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', short: 'n', default: 'load' },
      pods: { type: 'string' },
      selector: { type: 'string' },
      deployment: { type: 'string' },
      replicas: { type: 'string' },
      roll: { type: 'string' },
      'events-per-second': { type: 'string' },
      seconds: { type: 'string' },
      change: { type: 'string' },
      'log-pods': { type: 'string' },
      'log-rate': { type: 'string' },
    },
    strict: true,
  });
  if (!values.kubeconfig) throw new UsageError('sim load: --kubeconfig PATH is required');
  const pods = positiveNumber('pods', values.pods, values.selector || values.deployment ? 0 : 100, true);
  const eventsPerSecond = positiveNumber('events-per-second', values['events-per-second'], 0, true);
  const seconds = positiveNumber('seconds', values.seconds, 10);
  if (values.change !== undefined && values.change !== 'annotation' && values.change !== 'restarts') {
    throw new UsageError(`--change: expected annotation or restarts, got "${values.change}"`);
  }
  if (values.roll !== undefined && values.roll !== 'once' && values.roll !== 'continuous') throw new UsageError(`--roll: expected once or continuous, got "${values.roll}"`);
  if ((values.replicas !== undefined || values.roll !== undefined) && !values.deployment) throw new UsageError('--replicas and --roll need --deployment NAME');
  if ((values['log-pods'] === undefined) !== (values['log-rate'] === undefined)) throw new UsageError('--log-pods and --log-rate go together');
  const replicas = values.replicas === undefined ? undefined : positiveNumber('replicas', values.replicas, 0, true);
  const logPods = positiveNumber('log-pods', values['log-pods'], 0, true);
  const logRate = positiveNumber('log-rate', values['log-rate'], 0, true);
  const answer = await postAdmin(values.kubeconfig, '/kubesim/v1/load', {
    namespace: values.namespace,
    pods,
    eventsPerSecond,
    seconds,
    ...(values.selector ? { selector: values.selector } : {}),
    ...(values.change ? { change: values.change } : {}),
    ...(values.deployment
      ? { deployment: { name: values.deployment, ...(replicas !== undefined ? { replicas } : {}), ...(values.roll ? { roll: values.roll === 'once' ? true : 'continuous' } : {}) } }
      : {}),
    ...(logPods && logRate ? { logs: { pods: logPods, linesPerSecond: logRate } } : {}),
  });
  const parts = [`load: ${answer.created} pods created in namespace ${values.namespace}`];
  if (values.deployment) parts.push(`deployment ${values.deployment}${replicas !== undefined ? ` at ${replicas} replicas` : ''}${values.roll ? `, rolling ${values.roll === 'once' ? 'once' : `continuously for ${seconds} s`}` : ''}`);
  if (eventsPerSecond) parts.push(`churning ${eventsPerSecond} changes/s for ${seconds} s`);
  if (logPods && logRate) parts.push(`${logPods} pods logging ${logRate} lines/s for ${seconds} s`);
  process.stdout.write(parts.join(', ') + '\n');
  return 0;
}

/** Runs `helmdeck sim SUBCOMMAND ...`. */
export async function simCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'serve':
      return serve(rest);
    case 'fault':
      return fault(rest);
    case 'load':
      return load(rest);
    case 'image':
      return image(rest);
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(simUsage + '\n');
      return sub === undefined ? 2 : 0;
    default:
      throw new UsageError(`sim: unknown subcommand "${sub}"\n${simUsage}`);
  }
}
