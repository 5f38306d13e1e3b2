// The container conventions as the README states them, line by line, and
// the tar subset kubectl cp exchanges — checked against GNU tar itself.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ContainerFs } from '../../../src/sim/runtime/container-fs.js';
import { declaredCommands, declaredFiles, httpRoutes, isPostgresImage, matchCommand, postgresSettings } from '../../../src/sim/runtime/conventions.js';
import { answerRoute } from '../../../src/sim/runtime/http-routes.js';
import { packTar, unpackTar } from '../../../src/sim/runtime/tar.js';

const container = (env: Record<string, string>, image = 'example/app:1') => ({ name: 'app', image, env: Object.entries(env).map(([name, value]) => ({ name, value })) });

describe('KUBESIM_EXEC', () => {
  const commands = declaredCommands(container({ KUBESIM_EXEC: 'vault status => 0 Sealed false\\nVersion 1.17\n/app/migrate version => 0 20\nvault => 2 Usage: vault <command>\nnot a declaration\n' }));

  it('reads ARGV => EXIT OUTPUT, with \\n in OUTPUT as a newline', () => {
    expect(commands).toEqual([
      { argv: ['vault', 'status'], exit: 0, output: 'Sealed false\nVersion 1.17' },
      { argv: ['/app/migrate', 'version'], exit: 0, output: '20' },
      { argv: ['vault'], exit: 2, output: 'Usage: vault <command>' },
    ]);
  });

  it('matches the start of the argv by words, the longest declaration first', () => {
    expect(matchCommand(commands, ['vault', 'status', '-format=json'])?.exit).toBe(0);
    expect(matchCommand(commands, ['vault', 'operator', 'unseal'])?.exit).toBe(2);
    expect(matchCommand(commands, ['vaults'])).toBeUndefined();
    expect(matchCommand(commands, ['/app/migrate'])).toBeUndefined();
  });
});

describe('KUBESIM_FILES and the container filesystem', () => {
  it('holds declared files, their directories and the usual ones', () => {
    const fs = new ContainerFs(declaredFiles(container({ KUBESIM_FILES: '/tmp/vault-backup.snap: raft snapshot\n/etc/app/a.conf: x = 1\\ny = 2' })), ['/app/migrate']);
    expect(fs.read('/tmp/vault-backup.snap')?.toString()).toBe('raft snapshot');
    expect(fs.read('/etc/app/a.conf')?.toString()).toBe('x = 1\ny = 2');
    expect([fs.isDir('/etc/app'), fs.isDir('/app'), fs.isDir('/tmp'), fs.isDir('/nope')]).toEqual([true, true, true, false]);
  });
});

describe('KUBESIM_HTTP', () => {
  const routes = httpRoutes(container({ KUBESIM_HTTP: 'GET /health 200 {"status":"ok"}\npost /v1/t 202 {"accepted":true}\nGET /text 200 plain words' }));

  it('answers exact paths, JSON bodies as application/json', () => {
    expect(answerRoute(routes, 'GET', '/health?verbose=1')).toEqual({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status":"ok"}' });
    expect(answerRoute(routes, 'POST', '/v1/t').status).toBe(202);
    expect(answerRoute(routes, 'GET', '/text').headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(answerRoute(routes, 'HEAD', '/health')).toMatchObject({ status: 200, body: '' });
  });

  it('answers 405 for a known path with another method and 404 for an unknown one', () => {
    expect(answerRoute(routes, 'GET', '/v1/t')).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
    expect(answerRoute(routes, 'GET', '/missing').status).toBe(404);
  });
});

describe('postgres containers', () => {
  it('are those whose image repository ends in postgres, any registry, tag or digest', () => {
    expect(['postgres', 'docker.io/library/postgres:16.4', 'registry.example:5000/db/postgres@sha256:abc', 'bitnami/postgresql:16', 'postgres-exporter:1', 'example/app:postgres'].map(isPostgresImage)).toEqual([true, true, true, false, false, false]);
  });

  it('read the official image settings: the user is the default database', () => {
    expect(postgresSettings(container({ POSTGRES_USER: 'beacon', KUBESIM_SQL: 'select 1' }))).toEqual({ user: 'beacon', password: '', database: 'beacon', initSql: 'select 1' });
    expect(postgresSettings(container({}))).toMatchObject({ user: 'postgres', database: 'postgres' });
  });
});

describe('tar', () => {
  it('packs what GNU tar extracts, and unpacks what GNU tar packs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-tar-'));
    writeFileSync(join(dir, 'ours.tar'), packTar([{ name: 'tmp/', dir: true, data: Buffer.alloc(0), mode: 0o755 }, { name: 'tmp/a.txt', dir: false, data: Buffer.from('hello\n'), mode: 0o644 }]));
    await execa('tar', ['xf', 'ours.tar'], { cwd: dir });
    expect(readFileSync(join(dir, 'tmp', 'a.txt'), 'utf8')).toBe('hello\n');
    const long = `${'d'.repeat(120)}.txt`;
    writeFileSync(join(dir, long), 'long name');
    const theirs = (await execa('tar', ['cf', '-', long], { cwd: dir, encoding: 'buffer' })).stdout;
    expect(unpackTar(Buffer.from(theirs))).toMatchObject([{ name: long, dir: false, data: Buffer.from('long name') }]);
    expect(() => unpackTar(Buffer.from('not a tar'.padEnd(512, 'x')))).toThrow(/invalid tar header/);
  });
});
