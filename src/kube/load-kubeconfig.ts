// Finds and merges kubeconfig files the way kubectl does. client-node's
// loadFromDefault is not enough: it reads process.env only, throws on a
// missing file listed in KUBECONFIG and on duplicate names across files,
// takes current-context from the *last* file, and silently falls back to
// http://localhost:8080 when there is no config at all. kubectl skips
// missing files, lets the first file win for every name and for
// current-context, and says when there is nothing to load.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import YAML from 'yaml';
import { KubeError } from './kube-error.js';

/** A merged kubeconfig and where it came from. */
export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** The files actually read, in precedence order. */
  files: string[];
  /** How to name the source in messages ("kubeconfig /x" or "KUBECONFIG a:b"). */
  label: string;
}

/** Where to look, resolved the kubectl way: --kubeconfig, else KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(kubeconfig: string | undefined, env: NodeJS.ProcessEnv): { files: string[]; label: string } {
  if (kubeconfig) {
    if (!existsSync(kubeconfig)) throw new KubeError('no-config', `kubeconfig ${kubeconfig}: file not found`);
    return { files: [kubeconfig], label: `kubeconfig ${kubeconfig}` };
  }
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (listed.length) {
    const files = [...new Set(listed)].filter((f) => existsSync(f));
    if (!files.length) throw new KubeError('no-config', `no kubeconfig found: none of the files in KUBECONFIG exists (${listed.join(', ')})`);
    return { files, label: files.length === 1 ? `kubeconfig ${files[0]}` : `KUBECONFIG ${files.join(delimiter)}` };
  }
  const home = env.HOME || env.USERPROFILE || homedir();
  const file = join(home, '.kube', 'config');
  if (!existsSync(file)) throw new KubeError('no-config', 'no kubeconfig found: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config');
  return { files: [file], label: `kubeconfig ${file}` };
}

function parseFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeError('bad-config', `kubeconfig ${file}: cannot read it: ${(err as Error).message}`, { cause: err });
  }
  // An empty file is an empty config to kubectl, not an error.
  if (!text.trim()) return kc;
  try {
    kc.loadFromString(text);
    kc.makePathsAbsolute(dirname(file));
  } catch (err) {
    // js-yaml puts a code excerpt after the first line; the first line names the problem and position.
    const first = String((err as Error).message ?? err).split('\n')[0]!.trim();
    throw new KubeError('bad-config', `kubeconfig ${file}: ${first || 'not a valid kubeconfig'}`, { cause: err });
  }
  // client-node reads a scalar or a list as an empty config; kubectl rejects it, and so do we.
  if (!isMapping(text)) throw new KubeError('bad-config', `kubeconfig ${file}: not a kubeconfig (expected a mapping with clusters, users and contexts)`);
  return kc;
}

function isMapping(text: string): boolean {
  try {
    const doc = YAML.parse(text);
    return doc === null || (typeof doc === 'object' && !Array.isArray(doc));
  } catch {
    // client-node's parser accepted it; do not second-guess its syntax rules.
    return true;
  }
}

function firstWins<T extends { name: string }>(lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
}

/** Loads and merges the kubeconfig files (first file wins for each name and for current-context). */
export function loadKubeconfig(opts: { kubeconfig?: string; env?: NodeJS.ProcessEnv } = {}): LoadedKubeconfig {
  const { files, label } = kubeconfigFiles(opts.kubeconfig, opts.env ?? process.env);
  const parsed = files.map(parseFile);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: firstWins<Cluster>(parsed.map((p) => p.clusters)),
    users: firstWins<User>(parsed.map((p) => p.users)),
    contexts: firstWins<Context>(parsed.map((p) => p.contexts)),
    currentContext: parsed.map((p) => p.getCurrentContext()).find((c) => !!c) ?? '',
  });
  return { kc, files, label };
}
