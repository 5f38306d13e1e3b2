// A real PostgreSQL for backup steps: initdb + pg_ctl on a temp dir and a
// free port, with a small `shop` database to dump.
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** initdb + pg_ctl on a temp dir and a free port (as the postgres user when we are root: PostgreSQL refuses to run as root). */
export async function startPostgres(): Promise<{ port: number; stop(): Promise<void> }> {
  const bin = ['/usr/lib/postgresql/15/bin', ...(process.env.PATH ?? '').split(':')].find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!bin) throw new Error('PostgreSQL (initdb, pg_ctl) not found in /usr/lib/postgresql/15/bin or PATH');
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-pg-'));
  const as: { uid?: number; gid?: number } = process.getuid?.() === 0 ? await postgresUser() : {};
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid!);
  const data = join(dir, 'data');
  const port = await freePort();
  await execa(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...as, env: { LC_ALL: 'C' } });
  await execa(join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'], { ...as });
  const psql = (sql: string, db = 'postgres') => execa('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  await psql('CREATE DATABASE shop');
  await psql("CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL); INSERT INTO orders (item) VALUES ('widget'), ('gadget');", 'shop');
  return {
    port,
    async stop() {
      await execa(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop'], { ...as, reject: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await execa('id', ['-u', 'postgres']);
  const gid = (await execa('id', ['-g', 'postgres'])).stdout;
  return { uid: Number(stdout), gid: Number(gid) };
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
