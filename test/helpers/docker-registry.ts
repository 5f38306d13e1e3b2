// Starts Debian's docker-registry (the distribution reference registry) on
// a free loopback port with a temporary config and storage — anonymous, or
// behind htpasswd basic auth — and pushes small images to it over the
// distribution API, as a CI job's `docker push` would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { digestOf, smallImage } from '../../src/sim/registry/small-image.js';
import { waitFor } from './sim-context.js';

export interface TestRegistry {
  /** 127.0.0.1:PORT */
  host: string;
  /** http://127.0.0.1:PORT */
  url: string;
  stop(): Promise<void>;
}

/** A user and password for the htpasswd registry; the bcrypt hash is of this password (a test fixture, not a secret). */
export const REGISTRY_USER = { username: 'deployer', password: 'helmdeck-test-password' };
const BCRYPT = '$2a$04$/7MDhnkoCzZI1Jtg6z97EOD0MngsAWEe/F0RydITJgHJDQS6dzs2S';

/** Starts docker-registry; with `auth`, every request needs REGISTRY_USER's basic credentials. */
export async function startDockerRegistry(o: { auth?: boolean } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-registry-'));
  const lines = ['version: 0.1', 'log:', '  level: info', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, 'http:', '  addr: 127.0.0.1:0'];
  if (o.auth) {
    writeFileSync(join(dir, 'htpasswd'), `${REGISTRY_USER.username}:${BCRYPT}\n`);
    lines.push('auth:', '  htpasswd:', '    realm: helmdeck-test', `    path: ${join(dir, 'htpasswd')}`);
  }
  writeFileSync(join(dir, 'config.yml'), lines.join('\n') + '\n');
  const proc = execa('docker-registry', ['serve', join(dir, 'config.yml')], { reject: false, stdin: 'ignore', all: true });
  let log = '';
  proc.all!.on('data', (d: Buffer) => (log += d.toString()));
  let exited: number | undefined;
  void proc.then((r) => (exited = r.exitCode ?? -1));
  const host = await waitFor(() => {
    if (exited !== undefined) throw new Error(`docker-registry exited with ${exited}: ${log.slice(-500)}`);
    return /listening on (127\.0\.0\.1:\d+)/.exec(log)?.[1];
  }, 20_000, 'docker-registry to listen').catch((err: Error) => {
    proc.kill('SIGTERM');
    throw new Error(`${err.message} (is the docker-registry package installed? apt-get install docker-registry)`, { cause: err });
  });
  return {
    host,
    url: `http://${host}`,
    async stop() {
      proc.kill('SIGTERM');
      await proc;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pushes a small image under REPOSITORY:TAG: blobs by POST + PUT, then the manifest. */
export async function pushImage(registryUrl: string, repository: string, tag: string, auth?: string): Promise<string> {
  const headers: Record<string, string> = auth ? { authorization: auth } : {};
  const img = smallImage(repository, tag);
  for (const blob of img.blobs) {
    const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
    if (start.status !== 202) throw new Error(`upload start: HTTP ${start.status}`);
    const location = new URL(start.headers.get('location')!, registryUrl);
    location.searchParams.set('digest', digestOf(blob));
    const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: new Uint8Array(blob) });
    if (put.status !== 201) throw new Error(`blob put: HTTP ${put.status} ${await put.text()}`);
  }
  const put = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: new Uint8Array(img.manifest),
  });
  if (put.status !== 201) throw new Error(`manifest put: HTTP ${put.status} ${await put.text()}`);
  return put.headers.get('docker-content-digest') ?? '';
}
