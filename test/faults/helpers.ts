// Shared pieces of the reliability suite: running bin/helmdeck against a
// test cluster (output, exit code, journal), reading journals back, a sink
// that records everything an informer reports, and comparisons of what
// helmdeck holds with what kubesim holds.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { expect } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { RT } from '../../src/sim/api/resources.js';
import type { ResourceType } from '../../src/sim/store/types.js';
import type { DeckState } from '../../src/store/index.js';
import { chartsDir, repoRoot, type TestCluster } from '../helpers/cluster.js';

export const bin = join(repoRoot, 'bin', 'helmdeck');
export const shopChart = join(chartsDir, 'shop');

/** What a helmdeck run left behind. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** stdout and stderr interleaved. */
  all: string;
}

/** The environment a helmdeck run gets: the cluster's HOME and kubeconfig, journals under HOME/state. */
export function cliEnv(c: TestCluster, extra: Record<string, string> = {}): Record<string, string> {
  return { ...c.env, XDG_STATE_HOME: join(c.home, 'state'), XDG_CONFIG_HOME: join(c.home, '.config'), ...extra };
}

/** Runs bin/helmdeck to the end; never rejects. */
export async function helmdeck(c: TestCluster | undefined, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  const r = await execa(bin, args, {
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: opts.timeoutMs ?? 120_000,
    env: c ? cliEnv(c, opts.env) : (opts.env ?? {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
  return { code: r.exitCode ?? -1, out: String(r.stdout ?? ''), err: String(r.stderr ?? ''), all: String(r.all ?? '') };
}

/** Starts bin/helmdeck and hands back the running process (for signals). */
export function startHelmdeck(c: TestCluster, args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; all: true; stdin: 'ignore' }> {
  return execa(bin, args, { reject: false, all: true, stdin: 'ignore', env: cliEnv(c, env), timeout: 180_000 });
}

/** Resolves once the process has printed a line matching `re` on stdout; returns that match. */
export function waitForOutput(proc: ResultPromise, re: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no output matching ${re} within ${timeoutMs} ms; got:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString('utf8');
      const m = re.exec(seen);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', onData);
        resolve(m);
      }
    };
    proc.stdout!.on('data', onData);
    void proc.then(() => {
      clearTimeout(timer);
      const m = re.exec(seen);
      if (m) resolve(m);
      else reject(new Error(`the process ended before printing ${re}; it printed:\n${seen}`));
    });
  });
}

/** The journal path a headless command printed first. */
export function journalPathOf(out: string): string {
  const m = /^journal: (\S+)$/m.exec(out);
  if (!m) throw new Error(`no "journal: PATH" line in:\n${out}`);
  return m[1]!;
}

/** Every journal file under the cluster's state directory. */
export function journalFiles(c: TestCluster): string[] {
  const dir = join(c.home, 'state', 'helmdeck');
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Parses a journal strictly: every line must be complete JSON and seq must count 1, 2, 3… */
export function readJournalStrict(path: string): any[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n'), `${path} ends mid-line`).toBe(true);
  const entries = text.slice(0, -1).split('\n').map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`${path}:${i + 1} is not a complete JSON line: ${line.slice(0, 120)}`);
    }
  });
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_e, i) => i + 1));
  return entries;
}

/** Helm's history of a release, as `helm history -o json` prints it. */
export async function helmHistory(c: TestCluster, release: string, ns: string): Promise<{ revision: number; status: string; description: string }[]> {
  return JSON.parse((await c.helm(['history', release, '-n', ns, '-o', 'json'])).stdout);
}

/** The helm release Secrets of a release, newest last, as kubesim holds them. */
export function releaseSecrets(c: TestCluster, release: string, ns: string): KubeObject[] {
  return c.sim.ctx.store
    .list(RT.secrets, ns)
    .filter((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.name === release)
    .sort((a, b) => Number(a.metadata.labels!.version) - Number(b.metadata.labels!.version)) as KubeObject[];
}

/** name@resourceVersion of every object of a kind in a namespace on the server, sorted. */
export function serverKey(c: TestCluster, rt: ResourceType, ns: string, filter: (o: KubeObject) => boolean = () => true): string {
  return (c.sim.ctx.store.list(rt, ns) as KubeObject[]).filter(filter).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(' ');
}

/** name@resourceVersion of every object in a store Map, sorted. */
export function mapKey(m: ReadonlyMap<string, KubeObject>): string {
  return [...m.values()].map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(' ');
}

/** The store's picture of each watched kind next to the server's, for one namespace. */
export function modelVsServer(c: TestCluster, s: DeckState, ns: string): { what: string; store: string; server: string }[] {
  const helm = (o: KubeObject) => o.metadata.labels?.owner === 'helm';
  return [
    { what: 'pods', store: mapKey(s.pods), server: serverKey(c, RT.pods, ns) },
    { what: 'deployments', store: mapKey(s.workloads.deployments), server: serverKey(c, RT.deployments, ns) },
    { what: 'replicasets', store: mapKey(s.workloads.replicasets), server: serverKey(c, RT.replicasets, ns) },
    { what: 'jobs', store: mapKey(s.workloads.jobs), server: serverKey(c, RT.jobs, ns) },
    { what: 'hpas', store: mapKey(s.hpas), server: serverKey(c, RT.hpas, ns) },
    {
      what: 'helm releases',
      store: [...s.helm.releases.values()].flat().filter((r) => r.namespace === ns).map((r) => `${r.name}.v${r.revision}:${r.status}`).sort().join(' '),
      server: (c.sim.ctx.store.list(RT.secrets, ns) as KubeObject[]).filter(helm).map((o) => `${o.metadata.labels!.name}.v${o.metadata.labels!.version}:${o.metadata.labels!.status}`).sort().join(' '),
    },
  ];
}

/** Entries of `list` that occur more than once. */
export function duplicates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((u) => (seen.has(u) ? true : (seen.add(u), false)));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stack trace in text a user would read: never acceptable. */
export const STACK = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$|node:internal|TypeError|ReferenceError/m;
