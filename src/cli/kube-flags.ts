// The flags every command that reads a release from the cluster takes:
// -n/--namespace, --context, --kubeconfig and repeatable --lag SOURCE=URL.
import type { ParseArgsOptionsConfig } from 'node:util';
import { connect, KubeError, type ConnectOptions } from '../kube/connection.js';
import type { Connection } from '../kube/types.js';
import { parseLagSource } from '../lag/index.js';
import type { LagSource } from '../lag/types.js';
import { checkNamespace } from './names.js';
import { UsageError } from './usage-error.js';

/** parseArgs options for the shared flags; spread them into a command's own. */
export const kubeFlagOptions = {
  namespace: { type: 'string', short: 'n' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  lag: { type: 'string', multiple: true },
} as const satisfies ParseArgsOptionsConfig;

/** What connect() takes from the parsed flags. */
export function connectOptions(values: { namespace?: string; context?: string; kubeconfig?: string }): ConnectOptions {
  checkNamespace(values.namespace);
  return { kubeconfig: values.kubeconfig, context: values.context, namespace: values.namespace };
}

/** Connects as the flags say; a kubeconfig, context or namespace that does not work is one usage line (exit 1). */
export function connectFromFlags(values: { namespace?: string; context?: string; kubeconfig?: string }): Connection {
  try {
    return connect(connectOptions(values));
  } catch (err) {
    if (err instanceof KubeError) throw new UsageError(err.message, 1);
    throw err;
  }
}

/** Parses --lag SOURCE=URL specs; a bad one is a usage error naming the flag. */
export function parseLagFlags(specs: readonly string[]): LagSource[] {
  try {
    return specs.map((spec) => parseLagSource(spec));
  } catch (err) {
    throw new UsageError(`--lag: ${(err as Error).message}`);
  }
}
