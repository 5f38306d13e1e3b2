// `npm run bench`: runs every benchmark against kubesim and prints a table,
// or with --json one JSON document with every figure, its budget, pass/fail
// and the machine it ran on. Names select benchmarks; --quick shortens the
// long scenarios (60 s streams become 10 s) for a rough figure.
import { cpus, loadavg, totalmem } from 'node:os';
import { execa } from 'execa';
import { passes, type Figure } from './figures.ts';

// Loaded on demand: a benchmark's memory figures must not include the
// modules of the others.
const benchmarks: Record<string, () => Promise<Figure[]>> = {
  'kubesim-pods': async () => (await import('./kubesim.ts')).podsHeld(),
  'kubesim-watch': async () => (await import('./kubesim.ts')).watchFanout(),
  'model-sync': async () => (await import('./model.ts')).modelSync(),
  's1-cold-start': async () => (await import('./cold-start.ts')).coldStart(),
  's2-steady': async () => (await import('./steady.ts')).steady(),
  's3-storm': async () => (await import('./storm.ts')).storm(),
  's4-memory': async () => (await import('./memory.ts')).memory(),
  's5-logs': async () => (await import('./logs.ts')).logs(),
  's6-idle': async () => (await import('./idle.ts')).idle(),
};

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const flags = new Set(['--json', '--quick']);
const badFlags = args.filter((a) => a.startsWith('--') && !flags.has(a));
if (badFlags.length) {
  console.error(`bench: unknown option ${badFlags.join(', ')}; options: --json, --quick`);
  process.exit(2);
}
const only = args.filter((a) => !a.startsWith('--'));
const unknown = only.filter((n) => !(n in benchmarks));
if (unknown.length) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}

/** Runs one benchmark in a process of its own; a crash becomes a failed figure, not the end of the run. */
async function child(name: string): Promise<Figure[]> {
  const r = await execa(process.execPath, [...process.execArgv, process.argv[1]!, name, '--json', ...(quick ? ['--quick'] : [])], { stderr: 'inherit', reject: false });
  try {
    return JSON.parse(r.stdout).figures;
  } catch {
    return [{ name: `${name}: did not finish`, value: NaN, unit: '', budget: 0, better: 'lower', note: `exit ${r.exitCode ?? r.signal}` }];
  }
}

// Other work on the machine shows in every figure: the load average is part of the record.
const loadBefore = +loadavg()[0]!.toFixed(2);
const results: (Figure & { benchmark: string; pass?: boolean })[] = [];
const selected = Object.keys(benchmarks).filter((name) => !only.length || only.includes(name));
for (const name of selected) {
  if (!json) process.stderr.write(`running ${name}...\n`);
  // Each benchmark in a process of its own, so memory figures are not another's leftovers.
  const figures: Figure[] = selected.length === 1 ? await benchmarks[name]!() : await child(name);
  for (const f of figures) results.push({ ...f, benchmark: name, ...(passes(f) !== undefined ? { pass: passes(f) } : {}) });
}

const machine = {
  quick,
  cores: cpus().length,
  memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
  loadAverage: { before: loadBefore, after: +loadavg()[0]!.toFixed(2) },
};
if (json) {
  process.stdout.write(JSON.stringify({ machine, figures: results }, null, 2) + '\n');
} else {
  const rows = results.map((r) => [
    r.name,
    typeof r.value === 'number' && Number.isFinite(r.value) ? `${r.value.toFixed(Math.abs(r.value) < 10 ? 2 : 0)} ${r.unit}` : 'n/a',
    r.budget === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${r.budget} ${r.unit}`,
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
    r.note ?? '',
  ]);
  const head = ['figure', 'value', 'budget', '', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`machine: ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverage.before} → ${machine.loadAverage.after}${quick ? ' (--quick: shortened durations)' : ''}`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
process.exit(results.some((r) => r.pass === false) ? 1 : 0);
