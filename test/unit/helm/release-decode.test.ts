import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeReleaseConfigMap, decodeReleaseSecret } from '../../../src/helm/release-decode.js';
import { RELEASE_STATUSES } from '../../../src/helm/release-types.js';
import { beaconRelease, fixturesDir, helmPayload, releaseConfigMap, releaseSecret } from './release-fixtures.js';

const savedSecret = () => JSON.parse(readFileSync(join(fixturesDir, 'secret-beacon.v1.json'), 'utf8'));
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const secretWith = (release: string) => ({ ...savedSecret(), data: { release } });

// Payloads the real helm v4.1.4 wrote (captured from its create requests to
// kubesim, test/fixtures/protobuf): data.release of a Secret (already
// API-decoded, i.e. helm's own base64) and of a ConfigMap.
const HELM4_SECRET_PAYLOAD =
  'H4sIAAAAAAAC/5SRzWrDMBCEXyXsWTay1DpYb9B76CGXsFhyI7r6wVqnhJB3L7bbmNBTYQ+aYZDm094gYnBgwLqQQICPQwJzg8GPhU/WZUpXZ8GAkqqtmqZSzUFpI7XRL7WWreo6fQQBhP+KW1f60Wf2KYKBt+jZI+18LIxEuylaN37hFQQURp4KGMguWh8/qp8M3AX0Zxx5Lhsco0XG+fyMc3FjWd+QdVNLEIDZvz/Mi1qcvDlz6C6AUv8JJk5EAtiFTMiu/BoXpGlTpT+7gM8qJMt+6SGlbKplDlKaZWb+wdN2w5b+82uqq7v9q9R637bHudgDqBELasnYr7wDTsQrDl1PwfE5zYsoBeH+HQAA//+/zbqC5gEAAA==';
const HELM4_CONFIGMAP_PAYLOAD =
  'H4sIAAAAAAAC/5SRzWrrMBSEXyXMWjaynF+9wd2Hu8gmHCz5Rlz9YR2nhJB3L3bauKWrwllohkGaT+eOSMFCw9iQugABF/sEfUfvhsJnY7NPN2ugoaTaVk1TqeaoWi1b3a7rzX4vD7u1OkHA0+/yxpZucJlditD4Ex078isXC5P3qzEaO7zRDQKFiccCjWyjcfFf9ZHBQ6C70MBT3WCZDDFN5y9IELjaoTzfkHVTSwhQdn9f5lXNTl6cKfQQ8Kn7Dx1H7wXYhuyJbfk0ruTHRZXuYgN9VyEZdnMPKWVTzXOUUs8z8ffOLzcs6R/fpg71YbeRbbvbbk9TsRdQI2bUkql78vY0en7i+Ns5WL6kaROlEB7vAQAA//84L8zQ6gEAAA==';

describe('decodeReleaseSecret', () => {
  it('decodes the saved release Secret into the revision helmdeck shows', () => {
    const rev = decodeReleaseSecret(savedSecret());
    expect(rev).toMatchObject({
      name: 'beacon',
      namespace: 'watchlight',
      revision: 1,
      status: 'deployed',
      updated: '2026-11-21T23:12:28.497Z',
      firstDeployed: '2026-11-21T23:12:28.497Z',
      description: 'Install complete',
      chart: { name: 'beacon', version: '0.4.0', appVersion: '0.4.0-preview' },
      config: { api: { replicas: 4 } },
      applyMethod: 'ssa',
      storage: { kind: 'Secret', name: 'sh.helm.release.v1.beacon.v1' },
    });
    expect(rev.deleted).toBeUndefined();
    expect(rev.manifest).toContain('# Source: beacon/templates/api.yaml');
    expect(rev.manifest).toContain('replicas: 4');
    expect(rev.notes).toBe('Beacon 0.4.0-preview is installed as beacon in watchlight.\nCheck readiness: curl http://beacon-api/ready\n');
    expect(rev.hooks).toHaveLength(1);
    expect(rev.hooks[0]).toMatchObject({
      name: 'beacon-migrate',
      kind: 'Job',
      path: 'beacon/templates/migrate.yaml',
      events: ['pre-install', 'pre-upgrade'],
      lastRun: { phase: 'Succeeded', startedAt: '2026-11-21T23:12:28.913Z', completedAt: '2026-11-21T23:12:41.102Z' },
      weight: -5,
      deletePolicies: ['before-hook-creation'],
    });
    expect(rev.hooks[0]!.manifest).toContain('image: registry.example.invalid/beacon/migrate:0.4.0-preview');
  });

  it('keeps no chart templates, files, default values or schema', () => {
    const rev = decodeReleaseSecret(savedSecret());
    expect(Object.keys(rev.chart).sort()).toEqual(['appVersion', 'name', 'version']);
    const kept = JSON.stringify(rev);
    expect(kept).not.toContain('_helpers.tpl'); // only in chart.templates
    expect(kept).not.toContain('modtime');
    expect(kept.length).toBeLessThan(JSON.stringify(beaconRelease()).length / 2);
  });

  it('reads what the test helper builds the same as the saved fixture', () => {
    expect(decodeReleaseSecret(releaseSecret(beaconRelease()))).toEqual(decodeReleaseSecret(savedSecret()));
  });

  it('reads a payload stored before compression (plain JSON, no gzip magic)', () => {
    const plain = releaseSecret(beaconRelease(), { gzip: false });
    expect(Buffer.from(Buffer.from(plain.data.release, 'base64').toString(), 'base64')[0]).toBe(0x7b); // '{'
    expect(decodeReleaseSecret(plain)).toEqual(decodeReleaseSecret(savedSecret()));
  });

  it('decodes a payload the real helm v4 wrote', () => {
    const rev = decodeReleaseSecret({ type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.demo.v1', namespace: 'default' }, data: { release: b64(HELM4_SECRET_PAYLOAD) } });
    expect(rev).toMatchObject({ name: 'demo', namespace: 'default', revision: 1, status: 'pending-install', description: 'Initial install underway', applyMethod: 'ssa' });
    expect(rev.chart).toEqual({ name: 'demo', version: '0.1.0', appVersion: '1.0' });
    expect(rev.config).toEqual({});
    expect(rev.hooks).toEqual([]);
    expect(rev.updated).toBe('2026-11-21T23:03:34.306Z');
  });

  it('reads helm 3 style JSON: zero times, empty hook times, no apply_method', () => {
    const r = beaconRelease();
    r.version = 3;
    r.info.status = 'superseded';
    r.info.deleted = '0001-01-01T00:00:00Z';
    r.hooks[0].last_run = { started_at: '', completed_at: '', phase: '' };
    delete r.apply_method;
    const rev = decodeReleaseSecret(releaseSecret(r));
    expect(rev.revision).toBe(3);
    expect(rev.status).toBe('superseded');
    expect(rev.deleted).toBeUndefined();
    expect(rev.hooks[0]!.lastRun).toEqual({ phase: '' });
    expect(rev.applyMethod).toBeUndefined();
    expect('applyMethod' in rev).toBe(false);
  });

  it('maps every helm status, an uninstall time, and an unknown status to unknown', () => {
    for (const status of RELEASE_STATUSES) {
      const r = beaconRelease();
      r.info.status = status;
      expect(decodeReleaseSecret(releaseSecret(r)).status).toBe(status);
    }
    const r = beaconRelease();
    r.info.status = 'uninstalled';
    r.info.deleted = '2026-11-22T01:00:00.123456789Z';
    expect(decodeReleaseSecret(releaseSecret(r)).deleted).toBe('2026-11-22T01:00:00.123Z');
    r.info.status = 'frobnicated';
    expect(decodeReleaseSecret(releaseSecret(r)).status).toBe('unknown');
  });

  it('falls back to the storage labels for the revision and status', () => {
    const r = beaconRelease();
    const s = releaseSecret(r);
    delete r.version;
    delete r.info.status;
    s.data.release = b64(helmPayload(r));
    s.metadata.labels.version = '7';
    s.metadata.labels.status = 'failed';
    expect(decodeReleaseSecret(s)).toMatchObject({ revision: 7, status: 'failed' });
  });
});

describe('decodeReleaseSecret errors name the Secret', () => {
  const name = /release Secret watchlight\/sh\.helm\.release\.v1\.beacon\.v1/;
  const cases: [string, () => unknown, RegExp][] = [
    ['no data', () => ({ ...savedSecret(), data: {} }), /has no data\.release/],
    ['not a release type', () => ({ ...savedSecret(), type: 'Opaque' }), /of type Opaque, not a Helm release/],
    ['API base64 broken', () => secretWith('%%%not-base64%%%'), /data\.release is not valid base64/],
    ['helm base64 broken', () => secretWith(b64('not base64 at all!')), /the release payload is not valid base64/],
    ['truncated gzip', () => secretWith(b64(gzipSync('{"name":"x"}').subarray(0, 12).toString('base64'))), /not valid gzip/],
    ['gzip of garbage', () => secretWith(b64(gzipSync('{"name": oops').toString('base64'))), /not valid JSON/],
    ['plain garbage', () => secretWith(b64(b64('hello'))), /not valid JSON/],
    ['JSON array', () => secretWith(b64(b64('[1,2]'))), /not an object/],
    ['no revision', () => {
      const s = secretWith(b64(b64('{"name":"beacon","info":{"status":"deployed"}}')));
      s.metadata.labels = {};
      return s;
    }, /no revision number/],
  ];
  for (const [what, make, msg] of cases) {
    it(what, () => {
      expect(() => decodeReleaseSecret(make() as never)).toThrow(name);
      expect(() => decodeReleaseSecret(make() as never)).toThrow(msg);
    });
  }
});

describe('decodeReleaseConfigMap', () => {
  it('decodes the configmaps driver (one base64) like the Secret', () => {
    const cm = releaseConfigMap(beaconRelease());
    const rev = decodeReleaseConfigMap(cm);
    expect(rev.storage).toEqual({ kind: 'ConfigMap', name: 'sh.helm.release.v1.beacon.v1' });
    expect({ ...rev, storage: null }).toEqual({ ...decodeReleaseSecret(savedSecret()), storage: null });
  });

  it('decodes a payload the real helm v4 wrote', () => {
    const rev = decodeReleaseConfigMap({ metadata: { name: 'sh.helm.release.v1.democm.v1' }, data: { release: HELM4_CONFIGMAP_PAYLOAD } });
    expect(rev).toMatchObject({ name: 'democm', revision: 1, status: 'pending-install', chart: { name: 'demo', version: '0.1.0' } });
  });

  it('refuses a ConfigMap without data and one given the Secret encoding', () => {
    expect(() => decodeReleaseConfigMap({ metadata: { name: 'cm', namespace: 'ns' } })).toThrow('release ConfigMap ns/cm has no data.release');
    // A Secret's doubly encoded payload decodes to base64 text, which is not JSON.
    expect(() => decodeReleaseConfigMap(releaseSecret(beaconRelease()))).toThrow(/ConfigMap .*not valid JSON/);
  });
});
