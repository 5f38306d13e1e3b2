// `npm run bench`: runs every benchmark against kubesim and prints a table,
// or with --json one JSON document with every figure, its budget, pass/fail
// and the machine it ran on.
import { cpus, totalmem } from 'node:os';
import { execa } from 'execa';
import { passes, type Figure } from './figures.ts';


// Loaded on demand: a benchmark's memory figures must not include the
// modules of the others (the Kubernetes client alone is ~85 MB).
const benchmarks: Record<string, () => Promise<Figure[]>> = {
  'kubesim-pods': async () => (await import('./kubesim.ts')).podsHeld(),
  'kubesim-watch': async () => (await import('./kubesim.ts')).watchFanout(),
  'model-sync': async () => (await import('./model.ts')).modelSync(),
  cockpit: async () => (await import('./cockpit.ts')).cockpitBench(),
};

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const unknown = only.filter((n) => !(n in benchmarks));
if (unknown.length) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}

const results: (Figure & { benchmark: string; pass?: boolean })[] = [];
const selected = Object.keys(benchmarks).filter((name) => !only.length || only.includes(name));
for (const name of selected) {
  if (!json) process.stderr.write(`running ${name}...\n`);
  // Each benchmark in a process of its own, so memory figures are not another's leftovers.
  const figures: Figure[] =
    selected.length === 1
      ? await benchmarks[name]!()
      : JSON.parse((await execa(process.execPath, [...process.execArgv, process.argv[1]!, name, '--json'], { stderr: 'inherit', reject: false })).stdout).figures;
  for (const f of figures) results.push({ ...f, benchmark: name, ...(passes(f) !== undefined ? { pass: passes(f) } : {}) });
}

const machine = { cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${process.platform}/${process.arch}` };
if (json) {
  process.stdout.write(JSON.stringify({ machine, figures: results }, null, 2) + '\n');
} else {
  const rows = results.map((r) => [
    r.name,
    `${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}`,
    r.budget === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${r.budget} ${r.unit}`,
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
    r.note ?? '',
  ]);
  const head = ['figure', 'value', 'budget', '', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`machine: ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}
process.exit(results.some((r) => r.pass === false) ? 1 : 0);
