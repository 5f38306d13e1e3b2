// helmdeck's command dispatcher: one function per command, every failure
// turned into one clear line and a non-zero exit.
import { UsageError } from './usage-error.js';

export const usage = `helmdeck — a cockpit for Helm upgrades during a maintenance window

Usage:
  helmdeck [-n NS] [--context C] [--kubeconfig K]                pick a release of the namespace and watch it
  helmdeck watch RELEASE [-n NS] [--context C] [--kubeconfig K] [--theme T] [--readonly] [--lag SOURCE=URL]...
                                                                 the cockpit: pods, rollout, HPA, lag, history, logs
  helmdeck follow RELEASE [-n NS] [--context C] [--kubeconfig K]  the cockpit, read-only, on the window another operator drives
  helmdeck demo [--scenario NAME] [--speed X] [--list]            rehearse a window on a simulated cluster with a sample application
  helmdeck preflight RELEASE CHART [-n NS] [-f F]... [--set K=V]... [--version V] [--runbook R] [--ack all|ID,...] [--json] [--config F] [--lag SOURCE=URL]...
                                                                 run the preflight gates; exit 1 when one fails
  helmdeck upgrade RELEASE CHART --headless --yes [...preflight flags] [--override ID=REASON]... [--no-share] [--take-over REASON]
                                                                 preflight, helm upgrade, verify, all journaled
  helmdeck rollback RELEASE [REVISION] --headless --yes [-n NS]  helm rollback --wait (default: previous deployed revision)
  helmdeck runbook check FILE...                                  validate runbooks (file:line:column for every error)
  helmdeck runbook reference                                      print the runbook format as Markdown
  helmdeck report JOURNAL [-o FILE [--force]]                     render a window's journal as a Markdown change record
  helmdeck report --release RELEASE [-n NS] [--window ID]         the same, from the window's copy in the cluster
  helmdeck status RELEASE [-n NS] [--context C] [--kubeconfig K] [-o json|text] [--lag SOURCE=URL]... [--config F]
                                                                 print the live model of a release once
  helmdeck sim serve --kubeconfig PATH [--port N] [--speed X]   run kubesim, the simulated cluster
  helmdeck sim fault --kubeconfig PATH FAULT                     inject a fault into a running kubesim
  helmdeck sim image push --kubeconfig PATH IMAGE...             put images into a running kubesim's registry
  helmdeck --version
  helmdeck --help`;

/** Runs helmdeck with argv (without node and script) and sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`helmdeck: ${err.message}\n`);
      code = err.exitCode;
    } else if (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`helmdeck: ${err.message}\n`);
      code = 2;
    } else {
      process.stderr.write(`helmdeck: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    // Commands load on demand: the Kubernetes client and Ink take most of a
    // second to import, which `--version` or `sim fault` should not pay.
    case 'sim':
      return (await import('./sim.js')).simCommand(rest);
    case 'status':
      return (await import('./status.js')).statusCommand(rest);
    case 'watch':
      return (await import('./watch.js')).watchCommand(rest);
    case 'follow':
      return (await import('./follow.js')).followCommand(rest);
    case 'demo':
      return (await import('./demo.js')).demoCommand(rest);
    case 'report':
      return (await import('./report.js')).reportCommand(rest);
    case 'runbook':
      return (await import('./runbook.js')).runbookCommand(rest);
    case 'preflight':
      return (await import('./preflight.js')).preflightCommand(rest);
    case 'upgrade':
      return (await import('./upgrade.js')).upgradeCommand(rest);
    case 'rollback':
      return (await import('./rollback.js')).rollbackCommand(rest);
    case '--version':
    case 'version': {
      const { readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { packageRoot } = await import('../package-root.js');
      const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
      process.stdout.write(`helmdeck ${pkg.version}\n`);
      return 0;
    }
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(usage + '\n');
      return 0;
    case undefined:
      return (await import('./watch.js')).watchCommand([]);
    default:
      // Bare `helmdeck -n NS --context C`: flags only, then pick a release.
      if (command.startsWith('-')) return (await import('./watch.js')).watchCommand(argv);
      throw new UsageError(`unknown command "${command}" (helmdeck --help lists them)`);
  }
}
