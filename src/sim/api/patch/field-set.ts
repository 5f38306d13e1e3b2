// A set of field paths, the unit of ownership in server-side apply. Same
// shape as structured-merge-diff's fieldpath.Set: a node has members (paths
// that end here) and children (paths that continue). FieldsV1 is this tree as
// JSON, with "." marking a node that is itself a member.

import { isObject, setOwn, type JsonObject } from './json-value.js';
import { canonicalPE, comparePE } from './path-element.js';

/** A set of field paths; path elements are FieldsV1 strings (see path-element.ts). */
export class FieldSet {
  readonly members = new Set<string>();
  readonly children = new Map<string, FieldSet>();

  /** Adds one path; the empty path is the root and is never a member. */
  insert(path: readonly string[]): void {
    const [first, ...rest] = path;
    if (first === undefined) return;
    if (rest.length === 0) this.members.add(first);
    else this.childOrCreate(first).insert(rest);
  }

  /** Whether exactly this path is a member. */
  has(path: readonly string[]): boolean {
    const [first, ...rest] = path;
    if (first === undefined) return false;
    if (rest.length === 0) return this.members.has(first);
    return this.children.get(first)?.has(rest) ?? false;
  }

  /** True when no path at all is in the set (empty child nodes do not count). */
  isEmpty(): boolean {
    return this.members.size === 0 && [...this.children.values()].every((c) => c.isEmpty());
  }

  /** Paths in either set. */
  union(other: FieldSet): FieldSet {
    const out = this.copy();
    out.absorb(other);
    return out;
  }

  /** Members of this set that are not members of other (children compared node by node). */
  difference(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && !b);
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && b);
  }

  /** Drops whole subtrees rooted at the given top-level elements (ignored fields such as status). */
  withoutTopLevel(drop: (pe: string) => boolean): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!drop(m)) out.members.add(m);
    for (const [pe, child] of this.children) if (!drop(pe)) out.children.set(pe, child.copy());
    return out;
  }

  /**
   * Makes every node reached through a field a member too, like
   * EnsureNamedFieldsAreMembers: owning `.spec.replicas` implies owning `.spec`.
   */
  withFieldNodesAsMembers(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, child] of this.children) {
      const c = child.withFieldNodesAsMembers();
      if (c.isEmpty()) continue;
      out.children.set(pe, c);
      if (pe.startsWith('f:')) out.members.add(pe);
    }
    return out;
  }

  /** Every member path, members before children, each level sorted (kube's iteration order). */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [...this.members].sort(comparePE).map((m) => [...prefix, m]);
    for (const pe of [...this.children.keys()].sort(comparePE)) {
      out.push(...(this.children.get(pe) as FieldSet).paths([...prefix, pe]));
    }
    return out;
  }

  /** The FieldsV1 JSON form, keys sorted as kube writes them. */
  toFieldsV1(): JsonObject {
    const out: JsonObject = {};
    const keys = new Set([...this.members, ...[...this.children].filter(([, c]) => !c.isEmpty()).map(([pe]) => pe)]);
    for (const pe of [...keys].sort(comparePE)) {
      const child = this.children.get(pe);
      const body: JsonObject = {};
      if (child && !child.isEmpty()) {
        if (this.members.has(pe)) body['.'] = {};
        Object.assign(body, child.toFieldsV1());
      }
      setOwn(out, pe, body);
    }
    return out;
  }

  /** Parses FieldsV1; returns undefined when the JSON is not a valid field set. */
  static fromFieldsV1(raw: unknown): FieldSet | undefined {
    if (!isObject(raw)) return undefined;
    const out = new FieldSet();
    for (const [key, value] of Object.entries(raw)) {
      if (key === '.') continue; // handled by the parent
      const pe = canonicalPE(key);
      if (pe === undefined || !isObject(value)) return undefined;
      const keys = Object.keys(value);
      if (keys.length === 0 || keys.includes('.')) out.members.add(pe);
      if (keys.some((k) => k !== '.')) {
        const child = FieldSet.fromFieldsV1(value);
        if (!child) return undefined;
        out.children.set(pe, child);
      }
    }
    return out;
  }

  /** Deep copy, so callers can mutate without sharing nodes. */
  copy(): FieldSet {
    const out = new FieldSet();
    out.absorb(this);
    return out;
  }

  private childOrCreate(pe: string): FieldSet {
    let child = this.children.get(pe);
    if (!child) {
      child = new FieldSet();
      this.children.set(pe, child);
    }
    return child;
  }

  private absorb(other: FieldSet): void {
    for (const m of other.members) this.members.add(m);
    for (const [pe, child] of other.children) this.childOrCreate(pe).absorb(child);
  }

  private combine(other: FieldSet, keep: (inThis: boolean, inOther: boolean) => boolean): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (keep(true, other.members.has(m))) out.members.add(m);
    for (const [pe, child] of this.children) {
      const c = child.combine(other.children.get(pe) ?? new FieldSet(), keep);
      if (!c.isEmpty()) out.children.set(pe, c);
    }
    return out;
  }
}
