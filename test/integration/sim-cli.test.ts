// `helmdeck sim serve` and `helmdeck sim fault` as a user runs them: the
// ready line, a kubeconfig kubectl accepts, faults applied, clean stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { kubectlBin, repoRoot } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
const dir = mkdtempSync(join(tmpdir(), 'helmdeck-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('helmdeck sim', () => {
  it('serves until SIGTERM, prints the ready line, and takes faults', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const serve = execa(bin, ['sim', 'serve', '--kubeconfig', kubeconfig, '--speed', '10', '--registry-host', 'registry.example.invalid'], { reject: false });
    let out = '';
    serve.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('ready'), 20_000, 'ready line');
    expect(out).toMatch(/ready url=https:\/\/127\.0\.0\.1:\d+ .*metrics=http:\/\/127\.0\.0\.1:\d+\/metrics registry=http:\/\/127\.0\.0\.1:\d+\n/);
    // The registry answers the distribution API, and for the --registry-host: pushed images land there.
    const registry = /registry=(\S+)/.exec(out)![1]!;
    expect((await fetch(`${registry}/v2/`)).status).toBe(200);
    const push = await execa(bin, ['sim', 'image', 'push', '--kubeconfig', kubeconfig, 'registry.example.invalid/team/app:1.2.3']);
    expect(push.stdout).toMatch(/^pushed registry\.example\.invalid\/team\/app:1\.2\.3 sha256:[0-9a-f]{64}$/);
    expect(await (await fetch(`${registry}/v2/team/app/tags/list`)).json()).toEqual({ name: 'team/app', tags: ['1.2.3'] });
    const env = { KUBECONFIG: kubeconfig, HOME: dir };
    const nodes = await execa(kubectlBin, ['get', 'nodes', '-o', 'name'], { env });
    expect(nodes.stdout.split('\n')).toHaveLength(3);

    const fault = await execa(bin, ['sim', 'fault', '--kubeconfig', kubeconfig, 'forbid=nodes']);
    expect(fault.stdout).toContain('fault applied: forbid=nodes');
    const denied = await execa(kubectlBin, ['get', 'nodes'], { env, reject: false });
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toContain('forbidden');
    await execa(bin, ['sim', 'fault', '--kubeconfig', kubeconfig, 'reset']);
    expect((await execa(kubectlBin, ['get', 'nodes'], { env })).exitCode).toBe(0);

    const bad = await execa(bin, ['sim', 'fault', '--kubeconfig', kubeconfig, 'errors=7'], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('helmdeck: fault refused: errors=FRACTION needs a number from 0 to 1, got 7');

    serve.kill('SIGTERM');
    const done = await serve;
    expect(done.exitCode).toBe(0);
    expect(out).toContain('kubesim stopped');
  });

  it('refuses bad flags with one line and a non-zero exit', async () => {
    const noConfig = await execa(bin, ['sim', 'serve'], { reject: false });
    expect(noConfig.exitCode).toBe(2);
    expect(noConfig.stderr).toContain('--kubeconfig PATH is required');
    const badSpeed = await execa(bin, ['sim', 'serve', '--kubeconfig', join(dir, 'x'), '--speed', 'fast'], { reject: false });
    expect(badSpeed.exitCode).toBe(2);
    expect(badSpeed.stderr).toBe('helmdeck: --speed: expected a positive number, got "fast"');
    const badHost = await execa(bin, ['sim', 'serve', '--kubeconfig', join(dir, 'x'), '--registry-host', 'https://r.example/v2'], { reject: false });
    expect(badHost.exitCode).toBe(2);
    expect(badHost.stderr).toContain('--registry-host: expected a registry host such as registry.example.invalid');
    const unknown = await execa(bin, ['sim', 'serve', '--kubeconfig', join(dir, 'x'), '--bogus'], { reject: false });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
  });
});
