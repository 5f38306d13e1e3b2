// `helmdeck status RELEASE`: waits for the live model to sync, prints it
// once (JSON or a text summary for a ticket) and exits — 0 when shown, 1 when
// the release is not found, 2 when the cluster cannot be reached or its release storage cannot be read.
import { parseArgs } from 'node:util';
import { checkReachable, connect, KubeError } from '../kube/index.js';
import { startLiveModel } from '../model/live-model.js';
import { createDeckStore, unreadable } from '../store/index.js';
import { commandConfig } from './command-config.js';
import { connectOptions, kubeFlagOptions } from './kube-flags.js';
import { buildStatusReport, type StatusReport } from './status-report.js';
import { renderStatusText } from './status-text.js';
import { checkRelease } from './names.js';
import { parseMs } from './parse-ms.js';
import { UsageError } from './usage-error.js';

export const statusUsage = `Usage: helmdeck status RELEASE [-n NS] [--context C] [--kubeconfig K] [-o json|text] [--lag SOURCE=URL]... [--config FILE] [--timeout 30s]
  SOURCE is prometheus, exporter or burrow (e.g. --lag prometheus=http://127.0.0.1:9090)`;

/** Lag is sampled this many times, a second apart, so the caught-up rule has a trend to judge. */
const LAG_ROUNDS = 3;

/** Runs the status command; returns the exit code. */
export async function statusCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...kubeFlagOptions,
      config: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'text' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(statusUsage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`status: expected exactly one RELEASE\n${statusUsage}`);
  const release = positionals[0]!;
  checkRelease(release);
  if (values.output !== 'json' && values.output !== 'text') throw new UsageError(`--output: expected json or text, got "${values.output}"`);
  const timeoutMs = parseMs(values.timeout, 30_000);
  // The config file is read (and a broken one refused) as by every command; its lag sources join --lag.
  const { lagSources } = commandConfig(values);

  let conn;
  try {
    conn = connect(connectOptions(values));
    await checkReachable(conn, timeoutMs);
  } catch (err) {
    if (err instanceof KubeError) {
      process.stderr.write(`helmdeck: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const store = createDeckStore({ connection: { context: conn.context, namespace: conn.namespace, server: conn.server } });
  const model = startLiveModel({ conn, store, lagSources, lagIntervalMs: 60_000, requestTimeoutMs: Math.max(timeoutMs, 30_000) });
  let report: StatusReport;
  let storage: string | undefined;
  try {
    await model.waitForSync(timeoutMs);
    for (let i = 1; i < LAG_ROUNDS && lagSources.length; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      await model.sampleLag();
    }
    model.batcher.flush();
    report = buildStatusReport(store.getState(), release, conn.namespace, lagSources.length > 0);
    storage = unreadable(store.getState(), 'helm-secrets') ?? unreadable(store.getState(), 'helm-configmaps');
  } finally {
    await model.stop();
  }
  if (!report.release && storage) {
    // Not being able to look is not the same as finding nothing.
    process.stderr.write(`helmdeck: cannot read release storage: ${storage.replace(/^cannot read /, '')}; release "${release}" in namespace "${conn.namespace}" is unknown (context ${conn.context})\n`);
    return 2;
  }
  if (!report.release) {
    process.stderr.write(`helmdeck: release "${release}" not found in namespace "${conn.namespace}" (context ${conn.context})\n`);
    if (values.output === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 1;
  }
  process.stdout.write(values.output === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderStatusText(report, conn.context));
  return 0;
}
