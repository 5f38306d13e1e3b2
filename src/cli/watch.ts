// `helmdeck watch RELEASE` (and bare `helmdeck`): the cockpit on the live
// model. Every bad input — flags, config, theme, kubeconfig — is refused
// with one line before the screen opens; quitting leaves the terminal as it
// was and exits 0.
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import { isProductionContext } from '../config/is-production-context.js';
import { checkReachable, connect, KubeError } from '../kube/index.js';
import type { Connection } from '../kube/types.js';
import { startLiveModel } from '../model/live-model.js';
import { createDeckStore } from '../store/index.js';
import { COCKPIT_COMMANDS } from '../ui/keys/cockpit-commands.js';
import { buildKeymap } from '../ui/keys/keymap.js';
import { logViewId } from '../ui/log-view-id.js';
import { runCockpit } from '../ui/run-cockpit.js';
import { defaultThemesDir, loadTheme } from '../ui/theme/load-theme.js';
import { noColorRequested, resolveThemeChoice } from '../ui/theme/resolve-theme-name.js';
import { connectOptions, kubeFlagOptions, parseLagFlags } from './kube-flags.js';
import { pickRelease } from './pick-release.js';
import { UsageError } from './usage-error.js';

export const watchUsage = `Usage: helmdeck watch RELEASE [-n NS] [--context C] [--kubeconfig K] [--theme T] [--readonly] [--lag SOURCE=URL]... [--config FILE]
       helmdeck [-n NS] [--context C] [--kubeconfig K]      pick a release of the namespace, then watch it`;

/** Reads flags, config, theme and kubeconfig; anything wrong ends here with one line. */
export async function watchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...kubeFlagOptions,
      theme: { type: 'string' },
      readonly: { type: 'boolean', default: false },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(watchUsage + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`watch: expected one RELEASE, got ${positionals.length}\n${watchUsage}`);
  const config: Config = loadConfig({ ...(values.config ? { path: values.config } : {}), env: process.env });

  let conn: Connection;
  try {
    conn = connect(connectOptions(values));
  } catch (err) {
    if (err instanceof KubeError) throw new UsageError(err.message, 1);
    throw err;
  }
  const choice = resolveThemeChoice({ flag: values.theme, env: process.env.HELMDECK_THEME, config, context: conn.context, noColor: noColorRequested(process.env) });
  const theme = loadTheme(choice.name, { themesDir: defaultThemesDir() });
  const keymap = buildKeymap({ commands: COCKPIT_COMMANDS, overrides: config.keys, origins: config.origins, file: config.file, readOnly: values.readonly });
  const lagSources = parseLagFlags([...(values.lag ?? []), ...config.lag.sources]);
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UsageError('the cockpit needs a terminal (stdin and stdout must be a TTY); for scripts use helmdeck status', 1);
  }
  try {
    await checkReachable(conn, 10_000);
  } catch (err) {
    if (err instanceof KubeError) throw new UsageError(err.message, 2);
    throw err;
  }

  const release = positionals[0] ?? (await pickRelease(conn));
  if (!release) return 0;

  const store = createDeckStore({ connection: { context: conn.context, namespace: conn.namespace, server: conn.server }, limits: { logLines: config.logs.bufferLines } });
  const model = startLiveModel({ conn, store, lagSources });
  let stopLogs: (() => Promise<void>) | undefined;
  const cockpit = runCockpit({
    store,
    release,
    namespace: conn.namespace,
    context: conn.context,
    theme,
    keymap,
    readOnly: values.readonly,
    production: isProductionContext(config, conn.context),
    startedAt: Date.now(),
    // A TTY was checked above; Ink would otherwise render only on exit when CI=true is set.
    interactive: true,
    onSelectLogs(pod, container, previous) {
      void stopLogs?.();
      stopLogs = model.followLogs(logViewId({ namespace: pod.namespace, pod: pod.name, container, previous }), { pod: pod.name, container, previous });
    },
  });
  try {
    await cockpit.waitUntilExit();
  } finally {
    await model.stop();
  }
  return 0;
}
