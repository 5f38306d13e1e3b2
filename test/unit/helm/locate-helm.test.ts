import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHelmVersion, HELM_NOT_FOUND, locateHelm } from '../../../src/helm/locate-helm.js';
import { packageRoot } from '../../../src/package-root.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const realHelm = join(repoRoot, '.tools', 'bin', 'helm');
const tmp = mkdtempSync(join(tmpdir(), 'helmdeck-locate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A stand-in executable at dir/name running a small sh script.
function script(dir: string, body: string, name = 'helm', mode = 0o755): string {
  mkdirSync(join(tmp, dir), { recursive: true });
  const path = join(tmp, dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

const onPath = script('path-a', 'echo v3.14.0-a');
script('path-noexec', 'echo x', 'helm', 0o644);
mkdirSync(join(tmp, 'path-dir', 'helm'), { recursive: true }); // a directory named helm
const fromEnv = script('env', 'echo v3.14.0-env');
const flagged = script('flag', 'echo v3.14.0-flag');
const bundledRoot = join(tmp, 'pkg');
const bundled = script(join('pkg', '.tools', 'bin'), 'echo v3.14.0-bundled');
const emptyRoot = join(tmp, 'empty-pkg');
mkdirSync(emptyRoot);
const PATH = [join(tmp, 'path-noexec'), join(tmp, 'path-dir'), join(tmp, 'path-a')].join(':');

describe('locateHelm', () => {
  it('prefers --helm, resolved against cwd, over everything else', async () => {
    expect(await locateHelm({ flag: 'flag/helm', cwd: tmp, env: { HELMDECK_HELM: fromEnv, PATH }, packageRoot: bundledRoot })).toBe(flagged);
  });

  it('never falls back when --helm or HELMDECK_HELM names nothing runnable', async () => {
    await expect(locateHelm({ flag: './nope', cwd: tmp, env: { PATH } })).rejects.toThrow(`helm not found at ${join(tmp, 'nope')} (given by --helm)`);
    await expect(locateHelm({ cwd: tmp, env: { HELMDECK_HELM: join(tmp, 'path-noexec', 'helm'), PATH } })).rejects.toThrow(/given by HELMDECK_HELM/);
  });

  it('then HELMDECK_HELM, then the first executable helm file on PATH', async () => {
    expect(await locateHelm({ cwd: '/', env: { HELMDECK_HELM: fromEnv, PATH }, packageRoot: bundledRoot })).toBe(fromEnv);
    // path-noexec's helm is not executable and path-dir's is a directory: both skipped.
    expect(await locateHelm({ cwd: '/', env: { PATH }, packageRoot: bundledRoot })).toBe(onPath);
    expect(await locateHelm({ cwd: tmp, env: { PATH: 'path-a' } })).toBe(onPath);
  });

  it("then the package's .tools/bin/helm", async () => {
    expect(await locateHelm({ cwd: '/', env: { PATH: join(tmp, 'path-dir') }, packageRoot: bundledRoot })).toBe(bundled);
  });

  it('says how to get helm when there is none', async () => {
    await expect(locateHelm({ cwd: '/', env: { PATH: join(tmp, 'path-dir') }, packageRoot: emptyRoot })).rejects.toThrow(HELM_NOT_FOUND);
    expect(HELM_NOT_FOUND).toBe('helm not found: install Helm v3.x/v4 or pass --helm PATH (or set HELMDECK_HELM)');
  });

  it("finds helmdeck's own package root and its bundled helm", async () => {
    expect(packageRoot()).toBe(repoRoot);
    expect(await locateHelm({ cwd: '/', env: { PATH: '' } })).toBe(realHelm);
  });
});

describe('checkHelmVersion', () => {
  it('reads the real helm v4 binary', async () => {
    const v = await checkHelmVersion(realHelm);
    expect(v?.major).toBe(4);
    expect(v?.raw).toMatch(/^v4\.\d+\.\d+/);
  });

  it('accepts v3 and refuses v2 naming the version found', async () => {
    const v3 = script('v3', `[ "$1 $2 $3" = "version --template {{.Version}}" ] && echo v3.14.2 || exit 3`);
    expect(await checkHelmVersion(v3)).toEqual({ raw: 'v3.14.2', major: 3, minor: 14, patch: 2 });
    // Helm 2: no {{.Version}}, but `version --short --client` prints the client version.
    const v2 = script('v2', 'if [ "$2" = "--short" ]; then echo "Client: v2.17.0+ga690bad"; else echo "Error: cannot connect to Tiller" >&2; exit 1; fi');
    await expect(checkHelmVersion(v2)).rejects.toThrow(`helm at ${v2} is v2.17.0+ga690bad: helmdeck needs Helm v3.x or v4`);
  });

  it('explains a binary that cannot start, fails both ways, or hangs', async () => {
    const missing = join(tmp, 'missing', 'helm');
    await expect(checkHelmVersion(missing)).rejects.toThrow(`helm at ${missing} cannot be run: spawn ${missing} ENOENT`);
    const broken = script('broken', 'echo "segmentation fault" >&2; exit 139');
    await expect(checkHelmVersion(broken)).rejects.toThrow(`helm at ${broken} does not work: "helm version" exited 139: segmentation fault`);
    const hangs = script('hangs', 'exec sleep 5');
    await expect(checkHelmVersion(hangs, 300)).rejects.toThrow(`helm at ${hangs} did not answer "helm version" within 300 ms`);
  });

  it('refuses a binary that runs but prints no version (not helm), and asks it once', async () => {
    const junk = script('junk', 'echo hello >> "$0.calls"; echo hello');
    await expect(checkHelmVersion(junk)).rejects.toThrow(`helm at ${junk} is not helm: "helm version" printed no version ("hello")`);
    const silent = script('silent', 'exit 0');
    await expect(checkHelmVersion(silent)).rejects.toThrow(`helm at ${silent} is not helm: "helm version" printed no version (pass --helm`);
    // Both forms asked once each.
    expect(readFileSync(`${junk}.calls`, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
});
