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
    const serve = execa(bin, ['sim', 'serve', '--kubeconfig', kubeconfig, '--speed', '10'], { reject: false });
    let out = '';
    serve.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('ready'), 20_000, 'ready line');
    expect(out).toMatch(/ready url=https:\/\/127\.0\.0\.1:\d+ .*metrics=http:\/\/127\.0\.0\.1:\d+\/metrics/);
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
    const unknown = await execa(bin, ['sim', 'serve', '--kubeconfig', join(dir, 'x'), '--bogus'], { reject: false });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
  });
});
