// Finds and merges kubeconfig files the way kubectl does: --kubeconfig, else
// every file listed in KUBECONFIG (missing ones skipped), else
// ~/.kube/config; the first file wins for every cluster, user and context
// name and for current-context; no config at all is an error, never a
// silent fallback to localhost.
import { existsSync } from 'node:fs';
import { InputFileError, readInputFile } from '../fs/read-bounded.js';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import YAML from 'yaml';
import { KubeError } from './kube-error.js';
import { Kubeconfig, KubeconfigShapeError, readKubeconfigDoc, type KubeconfigDoc } from './kubeconfig.js';

/** A merged kubeconfig and where it came from. */
export interface LoadedKubeconfig {
  kc: Kubeconfig;
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

function parseFile(file: string): KubeconfigDoc {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (err) {
    if (err instanceof InputFileError) throw new KubeError('bad-config', `kubeconfig ${file}: ${err.reason}`, { cause: err });
    throw new KubeError('bad-config', `kubeconfig ${file}: cannot read it: ${(err as Error).message}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new KubeError('bad-config', `kubeconfig ${file}: ${yamlProblem(err)}`, { cause: err });
  }
  try {
    // An empty file is an empty config to kubectl, not an error.
    return readKubeconfigDoc(doc, dirname(file));
  } catch (err) {
    if (err instanceof KubeconfigShapeError) throw new KubeError('bad-config', `kubeconfig ${file}: ${err.message}`);
    throw err;
  }
}

// The yaml parser's first line names the problem; its position goes last, as "(line:column)".
function yamlProblem(err: unknown): string {
  const e = err as { message?: string; linePos?: { line: number; col: number }[] };
  const first = String(e.message ?? err).split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim() || 'not valid YAML';
  const pos = e.linePos?.[0];
  return pos ? `${first} (${pos.line}:${pos.col})` : first;
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
  const kc = new Kubeconfig({
    clusters: firstWins(parsed.map((p) => p.clusters)),
    users: firstWins(parsed.map((p) => p.users)),
    contexts: firstWins(parsed.map((p) => p.contexts)),
    currentContext: parsed.map((p) => p.currentContext).find((c) => !!c) ?? '',
  });
  return { kc, files, label };
}
