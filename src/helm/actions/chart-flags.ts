// The flags that say how to read a chart — from a plain-HTTP or
// self-signed OCI registry, with a client certificate, with a registry login
// — as opposed to what to do with it. A runbook puts them in upgrade.flags;
// every helm call that reads the same chart (the dry-run the diff and
// images-exist render from, a `run:` step's `helm show`) needs them too, or
// it fails where the upgrade would succeed.

/** Chart-reading flags and how many arguments each takes when not written `--flag=value`. */
const CHART_READING: Record<string, number> = {
  '--plain-http': 0,
  '--insecure-skip-tls-verify': 0,
  '--ca-file': 1,
  '--cert-file': 1,
  '--key-file': 1,
  '--registry-config': 1,
  '--username': 1,
  '--password': 1,
  '--pass-credentials': 0,
  '--repo': 1,
};

/** Helm subcommands that read a chart (a positional CHART). */
const READS_CHART = new Set(['show', 'inspect', 'pull', 'fetch', 'template', 'install', 'upgrade']);

/** The chart-reading flags among `flags`, each with its arguments, in order. */
export function chartReadingFlags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    const name = flag.split('=')[0]!;
    const arity = CHART_READING[name];
    if (arity === undefined) continue;
    const take = flag.includes('=') ? 0 : arity;
    out.push(...flags.slice(i, i + 1 + take));
    i += take;
  }
  return out;
}

/**
 * A runbook's own helm command, given the chart-reading flags it lacks when
 * it reads the release's chart (`helm show values CHART --version V`).
 * Other commands, and flags already there, are left as written.
 */
export function withChartFlags(argv: readonly string[], chart: string, chartFlags: readonly string[]): string[] {
  const program = argv[0]?.split('/').pop();
  if (program !== 'helm' || !chartFlags.length || !argv.includes(chart) || !argv.slice(1).some((a) => READS_CHART.has(a))) return [...argv];
  const present = new Set(argv.map((a) => a.split('=')[0]!));
  const added: string[] = [];
  for (let i = 0; i < chartFlags.length; i++) {
    const name = chartFlags[i]!.split('=')[0]!;
    const take = chartFlags[i]!.includes('=') ? 0 : CHART_READING[name] ?? 0;
    if (!present.has(name)) added.push(...chartFlags.slice(i, i + 1 + take));
    i += take;
  }
  // Before a `--` that ends helm's flags, else at the end.
  const end = argv.indexOf('--');
  return end < 0 ? [...argv, ...added] : [...argv.slice(0, end), ...added, ...argv.slice(end)];
}
