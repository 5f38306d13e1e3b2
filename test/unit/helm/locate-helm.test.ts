import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHelmVersion, checkHelmVersionSync, HELM_NOT_FOUND, helmVersion, locateHelm, locateHelmAsync, packageRoot } from '../../../src/helm/locate-helm.js';

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

const onPath = script('path-a', 'echo a');
script('path-noexec', 'echo x', 'helm', 0o644);
mkdirSync(join(tmp, 'path-dir', 'helm'), { recursive: true }); // a directory named helm
const fromEnv = script('env', 'echo env');
const flagged = script('flag', 'echo flag');
const bundledRoot = join(tmp, 'pkg');
const bundled = script(join('pkg', '.tools', 'bin'), 'echo bundled');
const emptyRoot = join(tmp, 'empty-pkg');
mkdirSync(emptyRoot);
const PATH = [join(tmp, 'path-noexec'), join(tmp, 'path-dir'), join(tmp, 'path-a')].join(':');

describe('locateHelm', () => {
  it('prefers --helm, resolved against cwd, over everything else', () => {
    expect(locateHelm({ flag: 'flag/helm', cwd: tmp, env: { HELMDECK_HELM: fromEnv, PATH }, packageRoot: bundledRoot })).toBe(flagged);
  });

  it('never falls back when --helm or HELMDECK_HELM names nothing runnable', () => {
    expect(() => locateHelm({ flag: './nope', cwd: tmp, env: { PATH } })).toThrow(`helm not found at ${join(tmp, 'nope')} (given by --helm)`);
    expect(() => locateHelm({ cwd: tmp, env: { HELMDECK_HELM: join(tmp, 'path-noexec', 'helm'), PATH } })).toThrow(/given by HELMDECK_HELM/);
  });

  it('then HELMDECK_HELM, then the first executable helm file on PATH', () => {
    expect(locateHelm({ cwd: '/', env: { HELMDECK_HELM: fromEnv, PATH }, packageRoot: bundledRoot })).toBe(fromEnv);
    // path-noexec's helm is not executable and path-dir's is a directory: both skipped.
    expect(locateHelm({ cwd: '/', env: { PATH }, packageRoot: bundledRoot })).toBe(onPath);
    expect(locateHelm({ cwd: tmp, env: { PATH: 'path-a' } })).toBe(onPath);
  });

  it("then the package's .tools/bin/helm", () => {
    expect(locateHelm({ cwd: '/', env: { PATH: join(tmp, 'path-dir') }, packageRoot: bundledRoot })).toBe(bundled);
  });

  it('says how to get helm when there is none', () => {
    expect(() => locateHelm({ cwd: '/', env: { PATH: join(tmp, 'path-dir') }, packageRoot: emptyRoot })).toThrow(HELM_NOT_FOUND);
    expect(HELM_NOT_FOUND).toBe('helm not found: install Helm v3.x/v4 or pass --helm PATH (or set HELMDECK_HELM)');
  });

  it("finds helmdeck's own package root and its bundled helm", () => {
    expect(packageRoot()).toBe(repoRoot);
    expect(locateHelm({ cwd: '/', env: { PATH: '' } })).toBe(realHelm);
  });
});

describe('helmVersion', () => {
  it('reads the real helm v4 binary', async () => {
    const v = await helmVersion(realHelm);
    expect(v.major).toBe(4);
    expect(v.raw).toMatch(/^v4\.\d+\.\d+/);
  });

  it('accepts v3 and refuses v2 naming the version found', async () => {
    const v3 = script('v3', `[ "$1 $2 $3" = "version --template {{.Version}}" ] && echo v3.14.2 || exit 3`);
    expect(await helmVersion(v3)).toEqual({ raw: 'v3.14.2', major: 3, minor: 14, patch: 2 });
    // Helm 2: no {{.Version}}, but `version --short --client` prints the client version.
    const v2 = script('v2', 'if [ "$2" = "--short" ]; then echo "Client: v2.17.0+ga690bad"; else echo "Error: cannot connect to Tiller" >&2; exit 1; fi');
    await expect(helmVersion(v2)).rejects.toThrow(`helm at ${v2} is v2.17.0+ga690bad: helmdeck needs Helm v3.x or v4`);
  });

  it('explains a binary that does not run or prints no version', async () => {
    await expect(helmVersion(join(tmp, 'missing', 'helm'))).rejects.toThrow(/could not run .*missing\/helm version/);
    const junk = script('junk', 'echo hello');
    await expect(helmVersion(junk)).rejects.toThrow(`could not read the version of ${junk} (it printed "hello")`);
  });
});

describe('checkHelmVersion (asynchronous) and checkHelmVersionSync', () => {
  // Each body twice (the check is cached per binary): once for each variant.
  const BODIES: [string, string][] = [
    ['helm v3', 'echo v3.14.2'],
    ['helm v2', 'if [ "$2" = "--short" ]; then echo "Client: v2.17.0+ga690bad"; else echo "Error: cannot connect to Tiller" >&2; exit 1; fi'],
    ['a helm that fails both ways', 'echo "segmentation fault" >&2; exit 139'],
    ['a helm printing no version (let through)', 'echo hello'],
    ['a helm that hangs', 'exec sleep 5'],
  ];
  const outcome = async (path: string, check: () => unknown): Promise<string> => {
    try {
      return `ok ${JSON.stringify(await check())}`.replaceAll(path, 'HELM');
    } catch (err) {
      return `refused: ${(err as Error).message}`.replaceAll(path, 'HELM');
    }
  };

  it.each(BODIES)('%s: the same answer', async (name, body) => {
    const dir = `same-${name.replace(/\W+/g, '-')}`;
    const a = script(`${dir}-sync`, body);
    const b = script(`${dir}-async`, body);
    const sync = await outcome(a, () => checkHelmVersionSync(a, 1000));
    expect(await outcome(b, () => checkHelmVersion(b, 1000))).toBe(sync);
  });

  it('a binary that cannot be run, and locateHelmAsync on the real one', async () => {
    const missing = join(tmp, 'missing-async', 'helm');
    expect(await outcome(missing, () => checkHelmVersion(missing))).toBe(await outcome(missing, () => checkHelmVersionSync(missing)));
    expect(await locateHelmAsync({ cwd: '/', env: { PATH: '' } })).toBe(realHelm);
  });
});
