// Reads the JSON fixtures under test/fixtures/status (objects as `kubectl get -o json` prints them).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../fixtures/status/', import.meta.url));

/** One fixture file, parsed. */
export function fixture<T = any>(path: string): T {
  return JSON.parse(readFileSync(`${root}${path}.json`, 'utf8')) as T;
}

/** The workload, its pods and ReplicaSets from a `kubectl get deploy,rs,pods -o json` style List. */
export function scenario(file: string) {
  const raw = fixture(`workloads/${file}`);
  const items: any[] = raw.kind === 'List' ? raw.items : [raw];
  const workload = items.find((o) => o.kind !== 'Pod' && o.kind !== 'ReplicaSet') ?? items.find((o) => o.kind === 'ReplicaSet');
  return {
    workload,
    pods: items.filter((o) => o.kind === 'Pod'),
    replicaSets: items.filter((o) => o.kind === 'ReplicaSet' && o !== workload),
  };
}

/** 2026-11-21T22:30:00Z: "now" in the fixtures' maintenance window. */
export const NOW = Date.parse('2026-11-21T22:30:00Z');
