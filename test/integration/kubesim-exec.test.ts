// The real kubectl's hands-on commands against kubesim: exec (with stdin),
// cp both ways, port-forward with HTTP through it, and the API server's
// proxy — on containers scripted with KUBESIM_EXEC, KUBESIM_FILES and
// KUBESIM_HTTP, and the ways they fail.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { kubectlBin, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let dir: string;

function ready(name: string): boolean {
  return !!c.sim.ctx.store.get(RT.pods, 'default', name)?.status?.containerStatuses?.[0]?.ready;
}

/** Starts `kubectl port-forward TARGET :PORT` and resolves with the local port it chose. */
async function portForward(target: string, port: number, env: Record<string, string> = {}) {
  const child = execa(kubectlBin, ['port-forward', target, `:${port}`], { env: { ...c.env, ...env }, reject: false, all: true });
  let out = '';
  child.all!.on('data', (d) => (out += d));
  const local = await waitFor(() => /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out)?.[1], 15_000, `port-forward ${target} ready`);
  return {
    url: `http://127.0.0.1:${local}`,
    output: () => out,
    async stop() {
      child.kill('SIGINT');
      await child;
    },
  };
}

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  dir = mkdtempSync(join(tmpdir(), 'kubesim-exec-'));
  await c.kubectl(['apply', '-f', join(repoRoot, 'test/fixtures/kubesim/vault.yaml')]);
  await waitFor(() => ready('vault-0') && c.sim.ctx.store.get(RT.pods, 'default', 'slow-0')?.status?.phase === 'Running', 20_000, 'vault-0 ready, slow-0 running');
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl exec', () => {
  it('runs a declared command: its output (\\n as newline) and exit status', async () => {
    const ok = await c.kubectl(['exec', 'vault-0', '--', 'vault', 'status', '-format=table']);
    expect(ok.stdout).toBe('Sealed false\nVersion 1.17.2');
    const failing = await c.kubectl(['exec', 'vault-0', '--', 'vault', 'operator', 'unseal'], { reject: false });
    expect(failing.exitCode).toBe(2);
    expect(failing.stdout).toBe('Error unsealing');
  });

  it('fails an undeclared command with 127 and a directory with 126, as a container runtime does', async () => {
    const missing = await c.kubectl(['exec', 'vault-0', '--', 'bash', '-c', 'true'], { reject: false });
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain('exec: "bash": executable file not found in $PATH');
    const directory = await c.kubectl(['exec', 'vault-0', '--', '/app'], { reject: false });
    expect(directory.exitCode).toBe(126);
  });

  it('reads stdin: a tar piped into the container lands in its filesystem', async () => {
    const src = mkdtempSync(join(tmpdir(), 'kubesim-tar-'));
    writeFileSync(join(src, 'notes.txt'), 'piped in\n');
    const archive = (await execa('tar', ['cf', '-', '-C', src, 'notes.txt'], { encoding: 'buffer' })).stdout;
    const r = await execa(kubectlBin, ['exec', '-i', 'vault-0', '--', 'tar', 'xf', '-', '-C', '/tmp'], { env: c.env, input: archive, reject: false });
    expect(r.exitCode).toBe(0);
    expect((await c.kubectl(['exec', 'vault-0', '--', 'test', '-f', '/tmp/notes.txt'], { reject: false })).exitCode).toBe(0);
    expect((await c.kubectl(['exec', 'vault-0', '--', 'test', '-f', '/tmp/other.txt'], { reject: false })).exitCode).toBe(1);
  });

  it('answers NotFound for a pod that does not exist', async () => {
    const r = await c.kubectl(['exec', 'ghost-0', '--', 'vault', 'status'], { reject: false });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('pods "ghost-0" not found');
  });
});

describe('kubectl cp', () => {
  it('copies a declared file out of the container', async () => {
    const dest = join(dir, 'vault-backup.snap');
    await c.kubectl(['cp', 'vault-0:/tmp/vault-backup.snap', dest]);
    expect(readFileSync(dest, 'utf8')).toBe('raft snapshot of kleidia');
  });

  it('copies a file in, keeps it for the pod, and copies it back', async () => {
    const local = join(dir, 'values.yaml');
    writeFileSync(local, 'replicas: 3\n');
    await c.kubectl(['cp', local, 'vault-0:/tmp/']);
    const back = join(dir, 'values-back.yaml');
    await c.kubectl(['cp', 'vault-0:/tmp/values.yaml', back]);
    expect(readFileSync(back, 'utf8')).toBe('replicas: 3\n');
  });

  it('fails for a file the container does not have', async () => {
    const r = await c.kubectl(['cp', 'vault-0:/tmp/nothing-here', join(dir, 'x')], { reject: false });
    expect(r.all).toContain('No such file or directory');
  });
});

describe('kubectl port-forward', () => {
  it('reaches the container through a Service: GET with a JSON body, POST', async () => {
    const pf = await portForward('svc/vault', 80);
    try {
      const health = await fetch(`${pf.url}/v1/sys/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('content-type')).toBe('application/json');
      expect(await health.json()).toEqual({ initialized: true, sealed: false, version: '1.17.2' });
      const post = await fetch(`${pf.url}/v1/t`, { method: 'POST', body: JSON.stringify({ event: 'test' }) });
      expect(post.status).toBe(202);
      expect((await fetch(`${pf.url}/nowhere`)).status).toBe(404);
    } finally {
      await pf.stop();
    }
  });

  it("works over kubectl's plain SPDY fallback too", async () => {
    const pf = await portForward('pod/vault-0', 8200, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' });
    try {
      expect(await (await fetch(`${pf.url}/hello`)).text()).toBe('hello there');
    } finally {
      await pf.stop();
    }
  });

  it('is refused by a container that is not Ready', async () => {
    const pf = await portForward('pod/slow-0', 8080);
    try {
      await expect(fetch(`${pf.url}/health`)).rejects.toThrow();
      await waitFor(() => pf.output().includes('connection refused'), 10_000, 'kubectl reports the refused dial');
    } finally {
      await pf.stop();
    }
  });
});

describe('the API server proxy', () => {
  it('forwards to a ready endpoint of a Service by port name', async () => {
    const r = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/http:vault:http/proxy/v1/sys/health']);
    expect(JSON.parse(r.stdout)).toMatchObject({ sealed: false });
    const pod = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/vault-0:8200/proxy/hello']);
    expect(pod.stdout).toBe('hello there');
  });

  it('answers 503 without ready endpoints or from a pod that is not Ready, 404 for a missing Service', async () => {
    const none = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/slow:8080/proxy/health'], { reject: false });
    expect(none.stderr).toContain('ServiceUnavailable');
    expect(none.stderr).toContain('no endpoints available for service "slow"');
    const refused = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/slow-0:8080/proxy/health'], { reject: false });
    expect(refused.stderr).toContain('connection refused');
    const missing = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/nope:80/proxy/'], { reject: false });
    expect(missing.stderr).toContain('services "nope" not found');
  });

  it('answers 403 when services/proxy is forbidden', async () => {
    c.sim.faults.apply('forbid=services/proxy');
    try {
      const r = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/vault:http/proxy/v1/sys/health'], { reject: false });
      expect(r.stderr).toContain('Forbidden');
      expect((await c.kubectl(['get', 'svc', 'vault'])).exitCode).toBe(0);
    } finally {
      c.sim.faults.apply('allow=services/proxy');
    }
  });
});
