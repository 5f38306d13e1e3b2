// Where images-exist asks for a registry host, and docker's credentials.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialHost, dockerCredential } from '../../../src/runbook/checks/docker-credentials.js';
import { errorWords } from '../../../src/runbook/checks/registry.js';
import { registryEndpoint } from '../../../src/runbook/checks/registry-hosts.js';

describe('registryEndpoint', () => {
  it('sends a host to its mirror, Docker Hub by any of its names', () => {
    const hosts = { 'registry.example.invalid': { mirror: 'http://127.0.0.1:5000/' }, 'docker.io': { mirror: 'https://mirror.internal', insecure: true } };
    expect(registryEndpoint('registry.example.invalid', hosts)).toEqual({ bases: ['http://127.0.0.1:5000'], insecure: false, mirror: 'http://127.0.0.1:5000/' });
    expect(registryEndpoint('registry-1.docker.io', hosts)).toMatchObject({ bases: ['https://mirror.internal'], insecure: true });
  });

  it('asks the host over HTTPS; insecure and loopback hosts may fall back to plain HTTP', () => {
    expect(registryEndpoint('ghcr.io')).toEqual({ bases: ['https://ghcr.io'], insecure: false });
    expect(registryEndpoint('registry-1.docker.io')).toEqual({ bases: ['https://registry-1.docker.io'], insecure: false });
    expect(registryEndpoint('harbor:5443', { 'harbor:5443': { insecure: true } })).toEqual({ bases: ['https://harbor:5443', 'http://harbor:5443'], insecure: true });
    expect(registryEndpoint('harbor:5443', {}, ['harbor:5443'])).toMatchObject({ insecure: true });
    expect(registryEndpoint('127.0.0.1:5000')).toEqual({ bases: ['https://127.0.0.1:5000', 'http://127.0.0.1:5000'], insecure: false });
    expect(registryEndpoint('localhost:5000').bases).toHaveLength(2);
  });
});

describe('docker credentials', () => {
  it('reduces config keys to hosts', () => {
    expect(['https://index.docker.io/v1/', 'http://Reg.Example:5000', 'ghcr.io'].map(credentialHost)).toEqual(['docker.io', 'reg.example:5000', 'ghcr.io']);
  });

  it('reads auths (base64 auth or username/password) and finds nothing for other hosts or without a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmdeck-docker-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hub-user:hub-pass').toString('base64') },
        'reg.example:5000': { username: 'u', password: 'p' },
      },
    }));
    const env = { DOCKER_CONFIG: dir };
    expect(await dockerCredential('registry-1.docker.io', env)).toEqual({ username: 'hub-user', password: 'hub-pass', source: `auths in ${join(dir, 'config.json')}` });
    expect(await dockerCredential('reg.example:5000', env)).toMatchObject({ username: 'u', password: 'p' });
    expect(await dockerCredential('ghcr.io', env)).toBeUndefined();
    expect(await dockerCredential('ghcr.io', { DOCKER_CONFIG: join(dir, 'none') })).toBeUndefined();
  });

  it('says which helper failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmdeck-docker-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ credsStore: 'helmdeck-no-such-helper' }));
    await expect(dockerCredential('ghcr.io', { DOCKER_CONFIG: dir, PATH: '/nonexistent' })).rejects.toThrow(/docker-credential-helmdeck-no-such-helper get failed/);
  });
});

describe('errorWords', () => {
  it('quotes a distribution error body', () => {
    expect(errorWords('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}')).toBe('UNAUTHORIZED: authentication required');
    expect(errorWords('<html>')).toBeUndefined();
  });
});
