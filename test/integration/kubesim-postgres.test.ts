// A postgres container on kubesim is a real PostgreSQL: the real kubectl
// runs pg_dump in it, the dump restores with psql through stdin, and a
// StatefulSet's data outlives its pod as long as the claim does.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { postgresBin } from '../../src/sim/runtime/postgres.js';
import { kubectlBin, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;

const readyUid = () => {
  const pod = c.sim.ctx.store.get(RT.pods, 'default', 'db-0');
  return pod?.status?.containerStatuses?.[0]?.ready && !pod.metadata.deletionTimestamp ? pod.metadata.uid : undefined;
};

const psql = (sql: string, db = 'beacon') => c.kubectl(['exec', 'db-0', '--', 'psql', '-U', 'beacon', '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { reject: false });

describe.skipIf(!postgresBin())('a postgres container backed by a real PostgreSQL', () => {
  beforeAll(async () => {
    c = await startTestCluster({ speed: 10 });
    await c.kubectl(['apply', '-f', join(repoRoot, 'test/fixtures/kubesim/postgres.yaml')]);
    await waitFor(readyUid, 30_000, 'db-0 ready');
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('makes POSTGRES_USER a superuser of POSTGRES_DB and runs KUBESIM_SQL once', async () => {
    const r = await psql('select count(*), bool_and(rolsuper) from orders, pg_roles where rolname = current_user');
    expect(r.all).toBe('3|t');
  });

  it('dumps with kubectl exec -- pg_dump and restores the dump with psql on stdin', async () => {
    const dump = await c.kubectl(['exec', 'sts/db', '--', 'pg_dump', '-U', 'beacon', '-d', 'beacon'], { timeoutMs: 60_000 });
    expect(dump.stdout).toContain('CREATE TABLE public.orders');
    expect(dump.stdout).toMatch(/COPY public\.orders .*\n1\twidget\n2\tgadget\n3\tgizmo\n/);
    expect((await c.kubectl(['exec', 'db-0', '--', 'createdb', '-U', 'beacon', 'restored'])).exitCode).toBe(0);
    const restore = await execa(kubectlBin, ['exec', '-i', 'db-0', '--', 'psql', '-U', 'beacon', '-d', 'restored', '-v', 'ON_ERROR_STOP=1', '-q'], { env: c.env, input: dump.stdout, reject: false });
    expect(restore.exitCode).toBe(0);
    expect((await psql("select string_agg(item, ',' order by id) from orders", 'restored')).stdout).toBe('widget,gadget,gizmo');
  });

  it('dumps every database with pg_dumpall', async () => {
    const all = await c.kubectl(['exec', 'db-0', '--', 'pg_dumpall', '-U', 'beacon'], { timeoutMs: 60_000 });
    expect(all.stdout).toContain('CREATE DATABASE restored');
  });

  it('fails a bad query as psql does, with its exit status', async () => {
    const r = await psql('select * from no_such_table');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('relation "no_such_table" does not exist');
  });

  it("keeps a StatefulSet's data across a new pod while its claim lives", async () => {
    expect((await psql("insert into orders (item) values ('after-backup')")).exitCode).toBe(0);
    const before = readyUid();
    await c.kubectl(['delete', 'pod', 'db-0', '--wait=false']);
    await waitFor(() => readyUid() && readyUid() !== before, 30_000, 'a new db-0 ready');
    const r = await psql('select count(*) from orders');
    expect(r.stdout).toBe('4');
  });
});
