// Random damage to a valid runbook must only ever produce a RunbookError with
// well-formed lines — never a TypeError from a reader that assumed a shape.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Node } from 'yaml';
import { parseRunbook } from '../../../src/runbook/load-runbook.js';
import { RunbookError } from '../../../src/runbook/runbook-error.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
const SEEDS = ['watchlight-beacon.yaml', 'kleidia.yaml', 'datafly-signal.yaml'].map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));
/** More rounds or another seed for a longer hunt: HELMDECK_FUZZ_ROUNDS=20000 HELMDECK_FUZZ_SEED=7. */
const ROUNDS = Number(process.env.HELMDECK_FUZZ_ROUNDS ?? 500);
const SEED = Number(process.env.HELMDECK_FUZZ_SEED ?? 20261121);

/** mulberry32: a small seeded generator, so a failure replays with the same seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [null, 0, -1, 1.5, true, '', 'x', '5m', '((', '{date}', [], [1, 'a'], {}, { a: 1 }, { check: 'diff' }, 'ls -l > x', '*', 1e20];
const BYTES = [':', '-', ' ', '\n', '\t', '[', ']', '{', '}', '*', '&', '!', '"', "'", '#', '|', '>', '%', '@', '`', '\0', 'é', '\u2028', '\\'];

/** One structural mutation: delete, duplicate or retype a random node of the document. */
function mutateTree(text: string, r: () => number): string {
  const doc = parseDocument(text);
  if (doc.errors.length) return mutateBytes(text, r); // already broken by a byte mutation: keep breaking it
  const nodes: Array<{ parent: Node; index: number }> = [];
  visit(doc, {
    Seq: (_, seq) => seq.items.forEach((_i, index) => nodes.push({ parent: seq, index })),
    Map: (_, map) => map.items.forEach((_i, index) => nodes.push({ parent: map, index })),
  });
  const pick = nodes[Math.floor(r() * nodes.length)];
  if (!pick) return text;
  const items = (pick.parent as unknown as { items: unknown[] }).items;
  const op = Math.floor(r() * 4);
  if (op === 0) items.splice(pick.index, 1);
  else if (op === 1) items.splice(pick.index, 0, items[pick.index]); // a duplicate (a repeated key in a map)
  else {
    const value = doc.createNode(REPLACEMENTS[Math.floor(r() * REPLACEMENTS.length)]);
    const item = items[pick.index] as { value?: unknown; key?: unknown } | Node;
    if (isMap(pick.parent)) {
      if (op === 2) (item as { value: unknown }).value = value;
      else (item as { key: unknown }).key = isScalar(value) ? value : new Scalar(String(r()));
    } else if (isSeq(pick.parent)) items[pick.index] = value;
  }
  try {
    return doc.toString();
  } catch {
    return mutateBytes(text, r); // the mutation removed an anchor an alias still uses: yaml cannot write that
  }
}

/** One byte-level mutation: insert, delete or replace a random character. */
function mutateBytes(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const ch = BYTES[Math.floor(r() * BYTES.length)]!;
  const op = Math.floor(r() * 3);
  if (op === 0) return text.slice(0, at) + ch + text.slice(at);
  if (op === 1) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 8));
  return text.slice(0, at) + ch + text.slice(at + 1);
}

describe('fuzzing the loader', () => {
  it(`${ROUNDS} random mutations of valid runbooks throw nothing but well-formed RunbookErrors`, () => {
    const r = rng(SEED);
    let rejected = 0;
    for (let i = 0; i < ROUNDS; i++) {
      let text = SEEDS[i % SEEDS.length]!;
      const steps = 1 + Math.floor(r() * 3);
      for (let k = 0; k < steps; k++) text = r() < 0.6 ? mutateTree(text, r) : mutateBytes(text, r);
      try {
        parseRunbook(text, 'fuzz.yaml');
      } catch (err) {
        if (!(err instanceof RunbookError)) throw new Error(`seed ${SEED} round ${i} threw ${String(err)}\n--- input ---\n${text}`, { cause: err });
        const lines = err.message.split('\n');
        expect(lines[0]).toMatch(/^\d+ errors? in runbook fuzz\.yaml:$/);
        for (const line of lines.slice(1)) expect(line).toMatch(/^(fuzz\.yaml(:\d+:\d+)?: .+|… and \d+ more .*)$/);
        expect(err.errors.length).toBeGreaterThan(0);
        rejected++;
      }
    }
    // The mutations must actually break runbooks, or this test proves nothing.
    expect(rejected).toBeGreaterThan(ROUNDS / 3);
    expect(rejected).toBeLessThan(ROUNDS);
  });
});
