// release-settled: the release's latest revision is deployed and nothing is
// pending. A pending-* revision left by a killed helm blocks every later
// upgrade ("another operation is in progress"); the operator needs to know
// which operation, since when, whether a helm could still be running, and
// the safe way out — helmdeck never deletes release Secrets itself.
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { HelmRevision } from '../../helm/release-types.js';
import { latestDeployed, releaseRevisions } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { cannotRead } from './release-manifest.js';
import { ago } from './util.js';

/** A helm process seen on this machine. */
export interface HelmProcess {
  pid: number;
  argv: string[];
}

/** Judges the release's history now. */
export async function run(_step: StepOf<'release-settled'>, ctx: CheckContext): Promise<CheckOutcome> {
  const s = ctx.store.getState();
  const revs = releaseRevisions(s, ctx.release, ctx.namespace);
  // One storage forbidden is enough not to know: the release may live there.
  const blind = revs.length === 0 ? cannotRead(s, ctx.release, ctx.namespace, [], false) : undefined;
  if (blind) return { status: 'fail', summary: `unknown: ${blind}`, evidence: [] };
  const listed = s.connection.synced.has('helm-secrets') || s.connection.synced.has('helm-configmaps');
  const helmProcesses = findHelmProcesses({ release: ctx.release, namespace: ctx.namespace, kubeconfigs: ctx.conn.configFiles ?? [] });
  return judgeRelease(ctx.release, ctx.namespace, revs, { now: ctx.now(), listed, helmProcesses });
}

/** The verdict over a release's revisions (oldest first); pure, for the unit tables. */
export function judgeRelease(
  release: string,
  namespace: string,
  revs: readonly HelmRevision[],
  o: { now: number; listed: boolean; helmProcesses?: HelmProcess[] },
): CheckOutcome {
  const latest = revs.at(-1);
  if (!latest) {
    const why = o.listed
      ? `release "${release}" not found in namespace "${namespace}": helmdeck upgrades an existing release — install it first with helm install`
      : `the history of release "${release}" is not known: the release storage watch has not listed yet (or is forbidden)`;
    return { status: 'fail', summary: why, evidence: [] };
  }
  const deployed = latestDeployed(revs);
  const history = revs.slice(-5).reverse().map((r) => `revision ${r.revision}: ${r.status} ${r.chart.name}-${r.chart.version} ${r.updated} ${r.description}`.trimEnd());
  if (latest.status === 'deployed') {
    return {
      status: 'pass',
      summary: `revision ${latest.revision} deployed (${latest.chart.name}-${latest.chart.version}, app ${latest.chart.appVersion || '?'}), nothing pending`,
      evidence: history,
    };
  }
  const rollback = deployed
    ? `helm rollback ${release} ${deployed.revision} -n ${namespace}   (revision ${deployed.revision} is the last deployed)`
    : undefined;
  if (latest.status.startsWith('pending-')) {
    const op = latest.status.slice('pending-'.length);
    const since = Date.parse(latest.updated);
    const age = Number.isFinite(since) ? ` since ${latest.updated} (${ago(o.now - since)} ago)` : '';
    const procs = o.helmProcesses ?? [];
    const running = procs.length
      ? procs.map((p) => `a helm process is still running here: pid ${p.pid}: ${p.argv.join(' ')} — wait for it or stop it with SIGTERM (never SIGKILL)`)
      : [`no helm process for "${release}" runs on this machine; one started elsewhere (CI, a colleague) with a long --timeout could still be running — check before recovering`];
    const recovery = rollback
      ? [`recovery, once no helm runs for it anywhere: ${rollback}`]
      : [`recovery: no revision was ever deployed; once no helm runs for it, helm uninstall ${release} -n ${namespace} and install again`];
    return {
      status: 'fail',
      summary: `revision ${latest.revision} is stuck in ${latest.status}: a helm ${op} started${age} never finished; further upgrades are refused until it is resolved`,
      evidence: [
        ...running,
        ...recovery,
        `helmdeck never deletes release Secrets; the stuck revision is ${latest.storage.kind} ${latest.storage.name}`,
        ...history,
      ],
    };
  }
  const where = deployed ? `; the cluster should still run revision ${deployed.revision} plus whatever the failed operation applied` : '';
  return {
    status: 'fail',
    summary: `the latest revision ${latest.revision} is ${latest.status}, not deployed${latest.description ? ` (${latest.description})` : ''}${where}`,
    evidence: [...(rollback ? [`to return to the last good state: ${rollback}`] : []), ...history],
  };
}

/** Which helm processes count: those naming the release, in its namespace, through the same kubeconfig when both are known. */
export interface HelmProcessQuery {
  release: string;
  namespace: string;
  /** Our kubeconfig files; a process using only other files talks to another cluster (or at least not via ours). */
  kubeconfigs: readonly string[];
}

/** helm processes on this machine that may be working on the release (Linux /proc; empty elsewhere). */
export function findHelmProcesses(q: HelmProcessQuery, procDir = '/proc'): HelmProcess[] {
  let pids: string[];
  try {
    pids = readdirSync(procDir).filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: HelmProcess[] = [];
  for (const pid of pids) {
    let argv: string[];
    try {
      argv = readFileSync(`${procDir}/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
    } catch {
      continue; // gone, or not ours to read
    }
    if (argv.length < 2 || basename(argv[0]!) !== 'helm' || !argv.includes(q.release)) continue;
    const ns = flag(argv, '-n', '--namespace');
    if (ns !== undefined && ns !== q.namespace) continue;
    const kubeconfig = flag(argv, '', '--kubeconfig') ?? envOf(`${procDir}/${pid}/environ`, 'KUBECONFIG');
    if (kubeconfig && q.kubeconfigs.length && !kubeconfig.split(':').some((f) => q.kubeconfigs.includes(f))) continue;
    out.push({ pid: Number(pid), argv: maskArgs(argv) });
  }
  return out;
}

// The value of a flag given as "-n x", "--namespace x" or "--namespace=x".
function flag(argv: string[], short: string, long: string): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === short || a === long) && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
  }
  return undefined;
}

function envOf(file: string, name: string): string | undefined {
  try {
    const entry = readFileSync(file, 'latin1').split('\0').find((e) => e.startsWith(`${name}=`));
    return entry?.slice(name.length + 1);
  } catch {
    return undefined; // another user's process: its environment is not ours to read
  }
}

// --set values may hold credentials; the journal must never see them.
function maskArgs(argv: string[]): string[] {
  return argv.map((a, i) => (/^--set(-string|-file|-json)?$/.test(argv[i - 1] ?? '') ? a.replace(/=.*/, '=***') : a.replace(/^(--set[\w-]*=[^=]+)=.*/, '$1=***')));
}
