// A parsed YAML file that remembers where every node came from, so validation
// errors can say "file:line:col". Shared by the config file and the themes.
import path from 'node:path';
import { isAlias, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputFileError, readInputFile } from '../fs/read-bounded.js';
import { ConfigError, type SourcePosition } from './config-error.js';

/** A YAML document plus the file name and line table that locate its nodes. */
export class YamlSource {
  private constructor(
    /** The file name as messages show it. */
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Parses text; a syntax error becomes a ConfigError at its line and column. */
  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    // prettyErrors off: its multi-line code excerpt does not fit our one-line messages.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const src = new YamlSource(file, doc, lines);
    const first = doc.errors[0];
    if (first) {
      const reason = first.message.split('\n')[0] ?? first.message;
      throw new ConfigError(src.offset(first.pos[0]), '', `YAML syntax error: ${reason}`);
    }
    return src;
  }

  /** Reads and parses a file; null when it does not exist, a ConfigError when unreadable or malformed. */
  static read(file: string): YamlSource | null {
    let text: string;
    try {
      text = readInputFile(file);
    } catch (err) {
      if (err instanceof InputFileError) throw new ConfigError({ file: displayPath(file), line: 0, column: 0 }, '', err.reason);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new ConfigError({ file: displayPath(file), line: 0, column: 0 }, '', `cannot read the file (${code ?? String(err)})`);
    }
    return YamlSource.parse(text, displayPath(file));
  }

  /** The document's root node, null for an empty file. */
  get root(): Node | null {
    return this.resolve(this.doc.contents as Node | null);
  }

  /** Follows an alias (*name) to the node its anchor marks; other nodes pass through. */
  resolve(node: Node | null | undefined, keyPath = ''): Node | null {
    if (node == null) return null;
    if (!isAlias(node)) return node;
    const target = node.resolve(this.doc) as Node | undefined;
    // The yaml package leaves an alias to a missing anchor unresolved, which would read as "no value".
    if (!target) throw this.error(node, keyPath, `*${node.source} refers to no anchor (&${node.source}) defined above it`);
    return target;
  }

  /** Where a node starts; the file's start when it has no range (e.g. a missing value). */
  position(node: Node | null | undefined): SourcePosition {
    const start = node?.range?.[0];
    return start === undefined ? { file: this.file, line: 0, column: 0 } : this.offset(start);
  }

  /** A ConfigError located at node (the use site, for an alias). */
  error(node: Node | null | undefined, keyPath: string, reason: string): ConfigError {
    return new ConfigError(this.position(node), keyPath, reason);
  }

  private offset(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }
}

/** A file name as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}
