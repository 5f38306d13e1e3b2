// The one error type for bad user files (config, themes, key overrides): it
// carries where the problem is so the CLI prints one clickable line,
// "FILE:LINE:COL: key.path: what is wrong", and exits non-zero.

/** Where in a file a problem is; line and column are 1-based, 0 when unknown. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** A bad value in a user file, its message already naming file, line, column and key path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The dotted key path ("state.failed"), '' for the whole file. */
  readonly path: string;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(at: SourcePosition, path: string, reason: string) {
    super(`${formatPosition(at)}: ${path ? `${path}: ` : ''}${reason}`);
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.path = path;
    this.reason = reason;
  }
}

/** "file:line:col" (or just "file" when the line is unknown), the form editors and terminals link. */
export function formatPosition(at: SourcePosition): string {
  return at.line > 0 ? `${at.file}:${at.line}:${at.column}` : at.file;
}

/** Joins a key path the way messages show it: dots between keys, [i] for list items. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}
