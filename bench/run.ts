// `npm run bench`: runs every benchmark against kubesim and prints a table,
// or with --json one JSON document with every figure, its budget, pass/fail
// and the machine it ran on.
import { cpus, totalmem } from 'node:os';
import { passes, type Figure } from './figures.ts';
import { podsHeld, watchFanout } from './kubesim.ts';
import { modelSync } from './model.ts';
import { cockpitBench } from './cockpit.ts';

const benchmarks: Record<string, () => Promise<Figure[]>> = {
  'kubesim-pods': podsHeld,
  'kubesim-watch': watchFanout,
  'model-sync': modelSync,
  cockpit: cockpitBench,
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
for (const [name, run] of Object.entries(benchmarks)) {
  if (only.length && !only.includes(name)) continue;
  if (!json) process.stderr.write(`running ${name}...\n`);
  for (const f of await run()) results.push({ benchmark: name, ...f, ...(passes(f) !== undefined ? { pass: passes(f) } : {}) });
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
