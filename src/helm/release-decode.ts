// Decodes Helm's release storage (the Secrets and ConfigMaps drivers) without
// the helm binary, so the history pane can follow a release through a watch.
// Helm stores per revision base64(gzip(JSON)); the Secret's `data` adds the
// API's own base64 on top. Helm still reads payloads that were stored before
// compression existed, so the gzip magic decides whether to gunzip.
import { gunzipSync } from 'node:zlib';
import { toReleaseStatus, type HelmHook, type HelmRevision } from './release-types.js';

/** The Secret type helm gives its release Secrets. */
export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** The parts of a Secret or ConfigMap the decoder reads (fits client-node's V1Secret/V1ConfigMap). */
export interface ReleaseStorageObject {
  type?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

// A decompressed release far beyond etcd's 1.5 MiB object limit is not a
// release but a gzip bomb; stop before it takes the process's memory.
const MAX_RELEASE_BYTES = 128 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes one release Secret (type helm.sh/release.v1) into a HelmRevision. */
export function decodeReleaseSecret(secret: ReleaseStorageObject): HelmRevision {
  const what = describe(secret, 'Secret');
  if (secret.type !== undefined && secret.type !== HELM_RELEASE_SECRET_TYPE) {
    throw new Error(`${what} is of type ${secret.type}, not a Helm release (${HELM_RELEASE_SECRET_TYPE})`);
  }
  const data = secret.data?.release;
  if (typeof data !== 'string' || data === '') throw new Error(`${what} has no data.release`);
  // The API's base64 wraps helm's own base64 text.
  const helmText = strictBase64(data, `${what}: data.release`).toString('utf8');
  return toRevision(decodePayload(helmText, what), secret, 'Secret', what);
}

/** Decodes one release ConfigMap (helm's configmaps driver) into a HelmRevision. */
export function decodeReleaseConfigMap(cm: ReleaseStorageObject): HelmRevision {
  const what = describe(cm, 'ConfigMap');
  const data = cm.data?.release;
  if (typeof data !== 'string' || data === '') throw new Error(`${what} has no data.release`);
  return toRevision(decodePayload(data, what), cm, 'ConfigMap', what);
}

function describe(obj: ReleaseStorageObject, kind: string): string {
  const m = obj.metadata ?? {};
  return `release ${kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name ?? '(unnamed)'}`;
}

// Buffer.from(.., 'base64') silently skips bad characters; a corrupt Secret
// must fail loudly instead of decoding into garbage.
function strictBase64(text: string, what: string): Buffer {
  const s = text.replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !BASE64.test(s)) throw new Error(`${what} is not valid base64`);
  return Buffer.from(s, 'base64');
}

function decodePayload(helmText: string, what: string): Record<string, unknown> {
  let bytes = strictBase64(helmText, `${what}: the release payload`);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES });
    } catch (e) {
      throw new Error(`${what}: the release payload is not valid gzip (${(e as Error).message})`, { cause: e });
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new Error(`${what}: the release is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!isObject(parsed)) throw new Error(`${what}: the release JSON is not an object`);
  return parsed;
}

function toRevision(raw: Record<string, unknown>, obj: ReleaseStorageObject, kind: 'Secret' | 'ConfigMap', what: string): HelmRevision {
  const labels = obj.metadata?.labels ?? {};
  const name = str(raw.name) || labels.name || '';
  if (!name) throw new Error(`${what}: the release has no name`);
  const revision = typeof raw.version === 'number' ? raw.version : Number(labels.version);
  if (!Number.isInteger(revision) || revision < 1) throw new Error(`${what}: the release has no revision number`);
  const info = isObject(raw.info) ? raw.info : {};
  const chart = isObject(raw.chart) ? raw.chart : {};
  const meta = isObject(chart.metadata) ? chart.metadata : {};
  const deleted = time(info.deleted);
  const applyMethod = str(raw.apply_method);
  // Only the fields below are copied: chart.templates, chart.files,
  // chart.values and chart.schema are left for the garbage collector.
  return {
    name,
    namespace: str(raw.namespace) || obj.metadata?.namespace || '',
    revision,
    status: toReleaseStatus(info.status ?? labels.status),
    updated: time(info.last_deployed) ?? '',
    firstDeployed: time(info.first_deployed) ?? '',
    ...(deleted ? { deleted } : {}),
    description: str(info.description),
    chart: { name: str(meta.name), version: str(meta.version), appVersion: str(meta.appVersion) },
    config: isObject(raw.config) ? raw.config : {},
    manifest: str(raw.manifest),
    hooks: Array.isArray(raw.hooks) ? raw.hooks.filter(isObject).map(toHook) : [],
    notes: str(info.notes),
    ...(applyMethod ? { applyMethod } : {}),
    storage: { kind, name: obj.metadata?.name ?? '' },
  };
}

function toHook(h: Record<string, unknown>): HelmHook {
  const run = isObject(h.last_run) ? h.last_run : {};
  const startedAt = time(run.started_at);
  const completedAt = time(run.completed_at);
  return {
    name: str(h.name),
    kind: str(h.kind),
    path: str(h.path),
    events: strings(h.events),
    lastRun: { phase: str(run.phase), ...(startedAt ? { startedAt } : {}), ...(completedAt ? { completedAt } : {}) },
    weight: typeof h.weight === 'number' && Number.isFinite(h.weight) ? h.weight : 0,
    deletePolicies: strings(h.delete_policies),
    manifest: str(h.manifest),
  };
}

// Helm 3 wrote unset times as "0001-01-01T00:00:00Z" (Go's zero time) or "";
// helm 4 omits them. All three mean "never".
function time(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '' || v.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
