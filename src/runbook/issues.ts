// Collects validation problems while the loader walks a runbook. The config
// toolkit (yaml-schema.ts) throws at the first problem; a runbook must report
// every problem at once, so each read goes through `attempt`, which records the
// ConfigError and lets the walk carry on with the next field.
import { isSeq, type Node } from 'yaml';
import { ConfigError, joinPath } from '../config/config-error.js';
import { describe, readMap, suggest, type MapEntry } from '../config/yaml-schema.js';
import type { YamlSource } from '../config/yaml-source.js';

/** One item of a YAML list, alias-resolved (`at` is where it is written, for errors). */
export interface ListItem {
  node: Node | null;
  at: Node;
  path: string;
}

/** How unknown keys are explained: extra candidates for "did you mean", or a reason for a particular key. */
export interface UnknownKeyOptions {
  near?: readonly string[];
  explain?: (key: string) => string | undefined;
}

/** The problems found so far in one runbook file, and the readers that record instead of throwing. */
export class Issues {
  readonly list: ConfigError[] = [];

  constructor(readonly src: YamlSource) {}

  /** Records a problem at a node (its start; the file's start when it has none). */
  add(node: Node | null | undefined, path: string, reason: string): void {
    this.list.push(this.src.error(node, path, reason));
  }

  /** Runs a read; a ConfigError it throws is recorded and undefined returned. Any other error is a bug and propagates. */
  attempt<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.list.push(err);
      return undefined;
    }
  }

  /**
   * A map's entries. Unknown keys are recorded (with a "did you mean" among
   * `allowed` plus `near`, keys valid elsewhere that deserve the hint) and
   * left out; `explain` may give a better reason for a particular unknown key.
   */
  entries(node: Node | null, path: string, allowed: readonly string[], opts: UnknownKeyOptions = {}): MapEntry[] | undefined {
    const all = this.attempt(() => readMap(this.src, node, path, null));
    return all && this.known(all, allowed, opts);
  }

  /** The entries whose key is allowed; each other one is recorded as an unknown key. */
  known(entries: MapEntry[], allowed: readonly string[], opts: UnknownKeyOptions = {}): MapEntry[] {
    return entries.filter((e) => {
      if (allowed.includes(e.key)) return true;
      const hint = suggest(e.key, [...allowed, ...(opts.near ?? [])]);
      const reason = opts.explain?.(e.key) ?? `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${allowed.join(', ')}`;
      this.add(e.keyNode, e.path, reason);
      return false;
    });
  }

  /** A list's items; a non-list is recorded (with what was found) and gives undefined. */
  items(value: Node | null, at: Node, path: string, what = 'a list'): ListItem[] | undefined {
    if (!isSeq(value)) {
      this.add(at, path, `expected ${what}, got ${describe(value)}`);
      return undefined;
    }
    const out: ListItem[] = [];
    value.items.forEach((raw, i) => {
      const itemPath = joinPath(path, i);
      const node = raw as Node | null;
      const resolved = this.attempt(() => this.src.resolve(node, itemPath));
      if (resolved !== undefined) out.push({ node: resolved, at: node ?? value, path: itemPath });
    });
    return out;
  }
}
