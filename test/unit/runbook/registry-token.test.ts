// The distribution token flow with the operator's credentials: a registry
// whose realm gives tokens only to a known user (as a private ghcr.io or
// Harbor project does). With the credential: a token, then the manifest's
// answer; without, or with a wrong one: unauthorized in the realm's words.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageExists, parseImageRef } from '../../../src/runbook/checks/registry.js';

const USER = { username: 'ci', password: 'token-password' };
let server: Server;
let host = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/token') {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      seen.push(`token ${basic ? Buffer.from(basic, 'base64').toString() : 'anonymous'} ${u.searchParams.get('scope')}`);
      if (basic !== Buffer.from(`${USER.username}:${USER.password}`).toString('base64')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"granted"}');
      return;
    }
    if (req.headers.authorization !== 'Bearer granted') {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="private",scope="repository:team/app:pull"` }).end();
      return;
    }
    res.writeHead(u.pathname.endsWith('/1.0') ? 200 : 404, { 'docker-content-digest': 'sha256:abc' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('token flow with credentials', () => {
  it('asks the realm with the credential and judges the manifest with the token', async () => {
    const credential = async (h: string) => (h === host ? { ...USER, source: 'docker-credential-test' } : undefined);
    expect(await imageExists(parseImageRef(`${host}/team/app:1.0`), { credential })).toMatchObject({ state: 'exists' });
    expect(await imageExists(parseImageRef(`${host}/team/app:2.0`), { credential })).toMatchObject({ state: 'missing' });
    expect(seen).toContain('token ci:token-password repository:team/app:pull');
  });

  it('is unauthorized, in the realm\'s words, anonymously or with the wrong credential', async () => {
    const anonymous = await imageExists(parseImageRef(`${host}/team/app:1.0`), { credential: async () => undefined });
    expect(anonymous).toEqual({ state: 'unauthorized', detail: `token endpoint http://${host}/token → 401: DENIED: requested access to the resource is denied (anonymously: no docker credential for this registry)` });
    const wrong = await imageExists(parseImageRef(`${host}/team/app:1.0`), { credential: async () => ({ username: 'ci', password: 'old', source: 'auths in config.json' }) });
    expect(wrong).toMatchObject({ state: 'unauthorized', detail: expect.stringContaining('(with the credential from auths in config.json)') });
    expect(JSON.stringify([anonymous, wrong])).not.toContain('old');
  });
});
