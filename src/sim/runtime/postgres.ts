// A real PostgreSQL behind a simulated postgres container: initdb on first
// start (POSTGRES_USER as superuser, POSTGRES_PASSWORD, POSTGRES_DB, then
// KUBESIM_SQL), pg_ctl start/stop, and the environment that points the
// host's psql/pg_dump at it — as `docker-entrypoint.sh` sets a database up.
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { PostgresSettings } from './conventions.js';

/** The one line shown where the host has no PostgreSQL. */
export const NO_POSTGRES = 'kubesim: PostgreSQL is not installed on this host: install it (Debian/Ubuntu: apt-get install postgresql) so postgres containers run a real server';

/** Where initdb, pg_ctl, pg_dump and psql of one version live; undefined without PostgreSQL. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const dirs = [...versions.map((v) => join(root, v, 'bin')), ...(process.env.PATH ?? '').split(':').filter(Boolean)];
  return dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` account, as in the image. */
async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const uid = await execa('id', ['-u', 'postgres'], { reject: false });
  const gid = await execa('id', ['-g', 'postgres'], { reject: false });
  if (uid.exitCode !== 0 || gid.exitCode !== 0) throw new Error('kubesim: running as root and there is no postgres account to run PostgreSQL as');
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Sends a signal; false when the process is gone (0 only asks whether it is there). */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a process still runs. An exited postmaster nobody reaps (a
 * container whose PID 1 does not) stays a zombie that kill(pid, 0) still
 * finds, so on Linux its state is read instead.
 */
function alive(pid: number): boolean {
  if (!existsSync('/proc/self/stat')) return signal(pid, 0);
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Every directory from `dir` up is searchable by other users (the postgres account must reach its data). */
function searchableByOthers(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (!(statSync(d).mode & 0o001)) return false;
    } catch {
      return false;
    }
    if (dirname(d) === d) return true;
  }
}

/** One data directory (a pod's or a PersistentVolumeClaim's) and the server running on it. */
export class PostgresInstance {
  /** Made at the first start, where the server's account can reach it. */
  dir = '';
  port = 0;
  private running = false;
  /** Ends an initdb or start still under way when the simulator goes away. */
  private readonly starting = new AbortController();

  constructor(private readonly bin: string) {}

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** Variables that make the host's libpq clients talk to this server over its socket. */
  clientEnv(): Record<string, string> {
    return { PGHOST: this.dir, PGPORT: String(this.port) };
  }

  program(name: string): string {
    const own = join(this.bin, name);
    return existsSync(own) ? own : name;
  }

  /** Initialises the data directory if it is new, then starts the server. */
  async start(s: PostgresSettings): Promise<void> {
    const as = await serverUser();
    if (!this.dir) {
      // A private TMPDIR (mode 0700, as test runners make) would lock the postgres account out.
      const base = as.uid !== undefined && !searchableByOthers(tmpdir()) ? '/tmp' : tmpdir();
      this.dir = mkdtempSync(join(base, 'kubesim-pg-'));
    }
    if (as.uid !== undefined) chownSync(this.dir, as.uid, as.gid!);
    const fresh = !existsSync(join(this.data, 'PG_VERSION'));
    if (fresh) {
      const args = ['-D', this.data, '-U', s.user, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync'];
      if (s.password) {
        const pw = join(this.dir, 'pwfile');
        writeFileSync(pw, `${s.password}\n`, { mode: 0o600 });
        if (as.uid !== undefined) chownSync(pw, as.uid, as.gid!);
        args.push(`--pwfile=${pw}`);
      }
      await execa(this.program('initdb'), args, { ...as, env: { LC_ALL: 'C' }, cancelSignal: this.starting.signal });
      rmSync(join(this.dir, 'pwfile'), { force: true });
    }
    this.port = await freePort();
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await execa(this.program('pg_ctl'), ['-D', this.data, '-w', '-l', join(this.dir, 'log'), '-o', opts, 'start'], { ...as, cancelSignal: this.starting.signal });
    this.running = true;
    if (fresh) await this.initialise(s);
  }

  private async initialise(s: PostgresSettings): Promise<void> {
    const psql = (db: string, input: string) =>
      execa(this.program('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', s.user, '-d', db, '-f', '-'], { env: this.clientEnv(), input, cancelSignal: this.starting.signal });
    if (s.database !== 'postgres') await psql('postgres', `CREATE DATABASE "${s.database.replace(/"/g, '""')}";\n`);
    if (s.initSql.trim()) await psql(s.database, s.initSql);
  }

  /**
   * Stops the server, the data directory staying for the next start: the
   * postmaster is asked for a fast shutdown (SIGINT) and watched until it is
   * gone. `kill` ends its whole process group at once instead, without
   * waiting, for data about to be deleted.
   */
  async stop(how: 'fast' | 'kill' = 'fast'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    let pid: number;
    try {
      pid = Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return; // no pid file: the server is not running
    }
    // The postmaster leads its own process group (pg_ctl starts it with setsid).
    if (how === 'kill') {
      // Nothing to wait for: SIGKILL cannot be refused, and waiting could outlast a quitting program
      // (a process in uninterruptible I/O on a loaded machine is seen alive for seconds).
      if (!signal(-pid, 'SIGKILL')) signal(pid, 'SIGKILL');
      return;
    }
    if (!signal(pid, 'SIGINT')) return;
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (alive(pid)) signal(pid, 'SIGKILL');
  }

  /** SIGKILLs the server's process group whatever it is doing (a fast stop still waiting included): the simulator is going away. */
  forceKill(): void {
    try {
      const pid = Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && !signal(-pid, 'SIGKILL')) signal(pid, 'SIGKILL');
    } catch {
      // No pid file: no server.
    }
    this.running = false;
  }

  /** Gives up a start under way (its programs are killed; start() then rejects). */
  cancel(): void {
    this.starting.abort();
  }

  /** Stops the server and deletes its data. */
  async remove(): Promise<void> {
    await this.stop('kill');
    // A killed server may still be writing for a moment: a directory that will not go yet is left to the OS's tmp cleaning.
    if (this.dir) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

