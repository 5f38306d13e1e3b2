// What a simulated container has, read from its literal env values like the
// kubelet's KUBESIM_* script: the commands it can run (KUBESIM_EXEC), the
// files it starts with (KUBESIM_FILES), the HTTP routes it serves on its
// container ports (KUBESIM_HTTP), and whether a real PostgreSQL backs it.
import { envValue } from '../kubelet/script.js';

export interface DeclaredCommand {
  /** Leading words of the exec'd argv this entry answers. */
  argv: string[];
  exit: number;
  output: string;
}

export interface HttpRoute {
  method: string;
  path: string;
  status: number;
  body: string;
}

/** One entry per non-blank line (real newlines only: `\n` inside a line is data). */
function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The two-character sequence `\n` in a value stands for a newline. */
export function unescapeNewlines(text: string): string {
  return text.replace(/\\n/g, '\n');
}

/** KUBESIM_EXEC: `ARGV => EXIT OUTPUT`; lines that do not parse are ignored, as a container ignores junk env. */
export function declaredCommands(container: any): DeclaredCommand[] {
  const out: DeclaredCommand[] = [];
  for (const line of lines(envValue(container, 'KUBESIM_EXEC'))) {
    const at = line.indexOf('=>');
    if (at < 0) continue;
    const argv = line.slice(0, at).trim().split(/\s+/).filter(Boolean);
    const m = /^(-?\d+)(?:\s(.*))?$/.exec(line.slice(at + 2).trim());
    if (!argv.length || !m) continue;
    out.push({ argv, exit: Number(m[1]), output: unescapeNewlines(m[2] ?? '') });
  }
  return out;
}

/** The declared command for an argv: the longest ARGV that starts it. */
export function matchCommand(commands: DeclaredCommand[], argv: string[]): DeclaredCommand | undefined {
  let best: DeclaredCommand | undefined;
  for (const c of commands) {
    if (c.argv.length > argv.length || !c.argv.every((w, i) => w === argv[i])) continue;
    if (!best || c.argv.length > best.argv.length) best = c;
  }
  return best;
}

/** KUBESIM_FILES: `PATH: CONTENT` (absolute paths; `\n` in CONTENT is a newline). */
export function declaredFiles(container: any): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const line of lines(envValue(container, 'KUBESIM_FILES'))) {
    const m = /^(\/\S*?):(?:\s(.*))?$/.exec(line);
    if (m) files.set(m[1]!, Buffer.from(unescapeNewlines(m[2] ?? '')));
  }
  return files;
}

/** KUBESIM_HTTP: `METHOD PATH STATUS BODY`. */
export function httpRoutes(container: any): HttpRoute[] {
  const out: HttpRoute[] = [];
  for (const line of lines(envValue(container, 'KUBESIM_HTTP'))) {
    const m = /^([A-Za-z]+)\s+(\/\S*)\s+(\d{3})(?:\s(.*))?$/.exec(line);
    if (m) out.push({ method: m[1]!.toUpperCase(), path: m[2]!, status: Number(m[3]), body: m[4] ?? '' });
  }
  return out;
}

/** The container's TCP ports (containerPort), where KUBESIM_HTTP answers. */
export function containerPorts(container: any): number[] {
  return (container?.ports ?? []).filter((p: any) => (p.protocol ?? 'TCP') === 'TCP' && Number.isInteger(p.containerPort)).map((p: any) => p.containerPort as number);
}

/** A container whose image repository ends in `postgres` (any registry, any tag or digest). */
export function isPostgresImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? noDigest.slice(0, colon) : noDigest;
  return repo.endsWith('postgres');
}

/** What the official postgres image reads from its env. */
export interface PostgresSettings {
  user: string;
  password: string;
  database: string;
  /** KUBESIM_SQL, run once when the data directory is new. */
  initSql: string;
}

export function postgresSettings(container: any): PostgresSettings {
  const user = envValue(container, 'POSTGRES_USER') || 'postgres';
  return {
    user,
    password: envValue(container, 'POSTGRES_PASSWORD') ?? '',
    database: envValue(container, 'POSTGRES_DB') || user,
    initSql: envValue(container, 'KUBESIM_SQL') ?? '',
  };
}
