// Strict readers over YamlSource nodes: each checks one shape, returns plain
// values, and throws a ConfigError naming file:line:col and the key path.
// Strict on purpose: a misspelt key silently ignored is a setting the operator
// believes is on during a maintenance window.
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { joinPath } from './config-error.js';
import type { YamlSource } from './yaml-source.js';

/** One key of a map with its nodes (value already alias-resolved; `at` is the use site for errors). */
export interface MapEntry {
  key: string;
  path: string;
  keyNode: Scalar;
  value: Node | null;
  at: Node;
}

/** Reads a map's entries; rejects keys outside `allowed` (null: any key) with a "did you mean". */
export function readMap(src: YamlSource, node: Node | null, path: string, allowed: readonly string[] | null): MapEntry[] {
  if (!isMap(node)) throw src.error(node, path, `expected a map of keys, got ${describe(node)}`);
  const entries: MapEntry[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
      throw src.error(keyNode ?? node, path, `keys must be plain names, got ${describe(keyNode)}`);
    }
    const key = String(keyNode.value);
    const keyPath = joinPath(path, key);
    if (allowed && !allowed.includes(key)) {
      const hint = suggest(key, allowed);
      throw src.error(keyNode, keyPath, `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${allowed.join(', ')}`);
    }
    const raw = pair.value as Node | null;
    entries.push({ key, path: keyPath, keyNode, value: src.resolve(raw, keyPath), at: raw ?? keyNode });
  }
  return entries;
}

/** A required string value. */
export function readString(src: YamlSource, e: MapEntry): string {
  if (isScalar(e.value) && typeof e.value.value === 'string') return e.value.value;
  throw src.error(e.at, e.path, `expected a string, got ${describe(e.value)}`);
}

/** A required boolean (true/false). */
export function readBool(src: YamlSource, e: MapEntry): boolean {
  if (isScalar(e.value) && typeof e.value.value === 'boolean') return e.value.value;
  throw src.error(e.at, e.path, `expected true or false, got ${describe(e.value)}`);
}

/** A required integer within [min, max]. */
export function readInt(src: YamlSource, e: MapEntry, min: number, max: number): number {
  const v = isScalar(e.value) ? e.value.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw src.error(e.at, e.path, `expected a whole number, got ${describe(e.value)}`);
  if (v < min || v > max) throw src.error(e.at, e.path, `${v} is out of range (${min}..${max})`);
  return v;
}

/** One string or a list of strings (e.g. keys: `R` or `[R, ctrl+r]`), with each item's node. */
export function readStringList(src: YamlSource, e: MapEntry): Array<{ value: string; node: Node; path: string }> {
  if (isScalar(e.value) && typeof e.value.value === 'string') return [{ value: e.value.value, node: e.at, path: e.path }];
  if (!isSeq(e.value)) throw src.error(e.at, e.path, `expected a string or a list of strings, got ${describe(e.value)}`);
  return e.value.items.map((raw, i) => {
    const path = joinPath(e.path, i);
    const item = src.resolve(raw as Node | null, path);
    if (!isScalar(item) || typeof item.value !== 'string') throw src.error((raw as Node | null) ?? e.at, path, `expected a string, got ${describe(item)}`);
    return { value: item.value, node: (raw as Node | null) ?? item, path };
  });
}

/** How a node reads in an error message: 'a list', 'the number 5', 'nothing'. */
export function describe(node: Node | null | undefined): string {
  if (node == null) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return String(v);
  }
  return 'an unsupported value';
}

/** The candidate closest to word (case-insensitive edit distance ≤ 2), for "did you mean". */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
