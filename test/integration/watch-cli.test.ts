// `helmdeck watch` refuses every bad input with one line naming the source
// and a non-zero exit, before any screen opens.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
let c: TestCluster;
let dir: string;

beforeAll(async () => {
  c = await startTestCluster();
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-watch-'));
});
afterAll(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function watch(args: string[], env: Record<string, string> = {}) {
  const r = await execa(bin, ['watch', ...args], { reject: false, env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg'), KUBECONFIG: c.sim.kubeconfigPath, ...env } });
  return { code: r.exitCode, err: String(r.stderr).trim(), out: String(r.stdout) };
}

describe('helmdeck watch: bad input', () => {
  it('names an unknown theme', async () => {
    const r = await watch(['shop', '--theme', 'nope']);
    expect(r.code).not.toBe(0);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^helmdeck: .*nope/);
  });

  it('names the file, line and key of a bad config', async () => {
    mkdirSync(join(dir, 'xdg', 'helmdeck'), { recursive: true });
    writeFileSync(join(dir, 'xdg', 'helmdeck', 'config.yaml'), 'theme: default\nlogs:\n  bufferLines: lots\n');
    const r = await watch(['shop']);
    rmSync(join(dir, 'xdg', 'helmdeck', 'config.yaml'));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/config\.yaml:3:\d+: logs\.bufferLines/);
  });

  it('names an unknown context and lists the known ones', async () => {
    const r = await watch(['shop', '--context', 'prod-eu']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('prod-eu');
    expect(r.err).toContain('kubesim');
  });

  it('refuses a malformed lag source and an unknown flag', async () => {
    const lag = await watch(['shop', '--lag', 'kafka=http://x']);
    expect(lag.code).toBe(2);
    expect(lag.err).toMatch(/^helmdeck: --lag: /);
    const flag = await watch(['shop', '--frobnicate']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--frobnicate'");
  });

  it('needs a terminal, and says so', async () => {
    const r = await watch(['shop']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('helmdeck: the cockpit needs a terminal (stdin and stdout must be a TTY); for scripts use helmdeck status, or --headless --yes');
  });
});
