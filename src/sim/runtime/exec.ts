// Runs an exec'd argv in a simulated container, in the order a shell-less
// runtime would find it: a KUBESIM_EXEC declaration, a PostgreSQL client
// program of a postgres container (the host's, against the real server),
// a built-in (tar, test), else the runtime's own failure — 126 for a
// directory, 127 for anything not found.
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { KObject } from '../store/types.js';
import { BUILTINS, type ExecIO } from './builtins.js';
import { declaredCommands, isPostgresImage, matchCommand } from './conventions.js';
import { NO_POSTGRES } from './postgres.js';
import type { ContainerRuntimes } from './runtimes.js';

/** Client programs of the postgres image that run on the host against the container's server. */
const POSTGRES_PROGRAMS = new Set(['psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_isready', 'createdb', 'dropdb', 'createuser', 'dropuser', 'vacuumdb', 'reindexdb', 'clusterdb']);

export interface ExecStreams {
  /** The client's stdin, ended when the client closes it; undefined when exec has no stdin. */
  stdin?: Readable;
  stdout(data: Buffer | string): void;
  stderr(data: Buffer | string): void;
}

function runtimeError(argv0: string, why: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv0}": ${why}: unknown\n`;
}

function collect(stdin: Readable | undefined): () => Promise<Buffer> {
  let all: Promise<Buffer> | undefined;
  return () => {
    if (!stdin) return Promise.resolve(Buffer.alloc(0));
    all ??= (async () => {
      const parts: Buffer[] = [];
      for await (const chunk of stdin) parts.push(Buffer.from(chunk));
      return Buffer.concat(parts);
    })();
    return all;
  };
}

/** Runs argv in the container and resolves with its exit code. */
export async function execInContainer(runtimes: ContainerRuntimes, pod: KObject, container: any, argv: string[], s: ExecStreams): Promise<number> {
  const argv0 = argv[0] ?? '';
  const declared = matchCommand(declaredCommands(container), argv);
  if (declared) {
    if (declared.output) s.stdout(declared.output.endsWith('\n') ? declared.output : `${declared.output}\n`);
    s.stdin?.resume();
    return declared.exit;
  }
  const base = posix.basename(argv0);
  if (isPostgresImage(container.image) && POSTGRES_PROGRAMS.has(base)) return runPostgresProgram(runtimes, pod, container, base, argv.slice(1), s);
  const fs = runtimes.fs(pod, container);
  const builtin = BUILTINS[base];
  if (builtin && (!argv0.includes('/') || ['/bin', '/usr/bin'].includes(posix.dirname(argv0)))) {
    const io: ExecIO = { readStdin: collect(s.stdin), stdout: s.stdout, stderr: s.stderr };
    return builtin(fs, argv.slice(1), io);
  }
  s.stdin?.resume();
  if (argv0.includes('/') && fs.isDir(argv0)) {
    s.stderr(runtimeError(argv0, 'is a directory'));
    return 126;
  }
  s.stderr(runtimeError(argv0, 'executable file not found in $PATH'));
  return 127;
}

/** The host's environment minus libpq's PG* variables: the container's server is the only one addressed. */
function hostEnvWithoutLibpq(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !e[0].startsWith('PG') && e[1] !== undefined));
}

async function runPostgresProgram(runtimes: ContainerRuntimes, pod: KObject, container: any, program: string, args: string[], s: ExecStreams): Promise<number> {
  const db = await runtimes.postgres(pod, container);
  if (typeof db === 'string') {
    s.stdin?.resume();
    s.stderr(`${db}\n`);
    // Not installed: the program is missing (127). Installed but the server failed: a client's connection error (1).
    return db === NO_POSTGRES ? 127 : 1;
  }
  const child = execa(db.program(program), args, {
    env: { ...hostEnvWithoutLibpq(), ...db.clientEnv() },
    extendEnv: false,
    stdin: s.stdin ? 'pipe' : 'ignore',
    buffer: false,
    reject: false,
  });
  if (s.stdin && child.stdin) {
    child.stdin.on('error', () => {});
    s.stdin.pipe(child.stdin);
  }
  child.stdout?.on('data', (d: Buffer) => s.stdout(d));
  child.stderr?.on('data', (d: Buffer) => s.stderr(d));
  const r = await child;
  if (typeof r.exitCode === 'number') return r.exitCode;
  return 128 + (r.signal === 'SIGKILL' ? 9 : 15);
}
