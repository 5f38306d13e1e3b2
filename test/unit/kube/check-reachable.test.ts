// The first request at start-up: a 503, a 429 or a reset connection is
// asked again with back-off while the timeout allows (one bad answer is not
// an outage); a 403 or a 404 is not; and the whole check stays within its
// timeout. Against a real local HTTP server that answers as it is told.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReachable, connect } from '../../../src/kube/connection.js';

let dir: string;
let server: Server;
let script: Array<number | 'reset'> = [];
let seen = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-reach-'));
  server = createServer((req, res) => {
    seen++;
    const next = script.shift() ?? 200;
    if (next === 'reset') return void req.socket.destroy();
    res.writeHead(next, { 'content-type': 'application/json' });
    res.end(next === 200 ? JSON.stringify({ major: '1', minor: '35', gitVersion: 'v1.35.0' }) : JSON.stringify({ kind: 'Status', code: next, message: `answer ${next}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  writeFileSync(join(dir, 'kubeconfig'), [
    'apiVersion: v1', 'kind: Config', 'current-context: local',
    `clusters: [{ name: local, cluster: { server: 'http://127.0.0.1:${port}', insecure-skip-tls-verify: true } }]`,
    'users: [{ name: u, user: { token: t } }]',
    'contexts: [{ name: local, context: { cluster: local, user: u } }]', '',
  ].join('\n'));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const conn = () => connect({ kubeconfig: join(dir, 'kubeconfig') });

describe('checkReachable', () => {
  it.each([
    ['a 503', [503]],
    ['a 500 then a 429', [500, 429]],
    ['a reset connection', ['reset' as const]],
  ])('tries again after %s and succeeds', async (_name, answers) => {
    script = [...answers];
    seen = 0;
    expect(await checkReachable(conn(), 10_000)).toMatchObject({ gitVersion: 'v1.35.0' });
    expect(seen).toBe(answers.length + 1);
  });

  it('does not retry a 403', async () => {
    script = [403];
    seen = 0;
    await expect(checkReachable(conn(), 10_000)).rejects.toThrow(/answer 403/);
    expect(seen).toBe(1);
  });

  it('gives up when the timeout runs out, not later', async () => {
    script = Array(100).fill(503);
    const started = Date.now();
    await expect(checkReachable(conn(), 1500)).rejects.toThrow(/503/);
    expect(Date.now() - started).toBeLessThan(3000);
    script = [];
  });
});
