// Bare `helmdeck`: the namespace's Helm releases (from their storage labels,
// no decoding needed), numbered, and the operator types one.
import { createInterface } from 'node:readline/promises';
import { listAll } from '../kube/index.js';
import type { Connection, KubeObject } from '../kube/types.js';
import { UsageError } from './usage-error.js';

export interface ReleaseEntry {
  name: string;
  revision: number;
  status: string;
}

/** Latest revision per release, from Helm's Secret and ConfigMap storage labels. */
export async function listReleases(conn: Connection): Promise<ReleaseEntry[]> {
  const ns = encodeURIComponent(conn.namespace);
  const latest = new Map<string, ReleaseEntry>();
  for (const kind of ['secrets', 'configmaps']) {
    const { items } = await listAll<KubeObject>(conn, `/api/v1/namespaces/${ns}/${kind}`, { query: { labelSelector: 'owner=helm' } });
    for (const o of items) {
      const l = o.metadata.labels ?? {};
      const revision = Number(l.version);
      if (!l.name || !Number.isInteger(revision)) continue;
      const known = latest.get(l.name);
      if (!known || known.revision < revision) latest.set(l.name, { name: l.name, revision, status: l.status ?? 'unknown' });
    }
  }
  return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Shows the releases and reads a choice; undefined when the operator gives none. */
export async function pickRelease(conn: Connection): Promise<string | undefined> {
  const releases = await listReleases(conn);
  if (!releases.length) throw new UsageError(`no Helm releases in namespace "${conn.namespace}" (context ${conn.context}); pick another with -n`, 1);
  const width = Math.max(...releases.map((r) => r.name.length));
  process.stdout.write(`Helm releases in namespace ${conn.namespace} (context ${conn.context}):\n`);
  releases.forEach((r, i) => process.stdout.write(`  ${String(i + 1).padStart(2)}) ${r.name.padEnd(width)}  revision ${r.revision}, ${r.status}\n`));
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const answer = (await rl.question(`Watch which release? [1-${releases.length}, or a name; empty to quit] `)).trim();
      if (!answer) return undefined;
      const byNumber = Number(answer);
      const found = Number.isInteger(byNumber) ? releases[byNumber - 1] : releases.find((r) => r.name === answer);
      if (found) return found.name;
      process.stdout.write(`  "${answer}" is not one of the releases listed\n`);
    }
  } finally {
    rl.close();
  }
}
