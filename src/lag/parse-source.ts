// Reads a lag source given on the command line or in a runbook, in the form
// SOURCE=URL (e.g. prometheus=http://127.0.0.1:9090), into a LagSource.
import { createBurrowSource } from './burrow.js';
import { createExporterSource } from './exporter.js';
import { createPrometheusSource, type PrometheusSourceOptions } from './prometheus.js';
import type { LagSource, LagSourceKind } from './types.js';

/** The SOURCE names parseLagSource accepts. */
export const LAG_SOURCE_KINDS: readonly LagSourceKind[] = ['prometheus', 'exporter', 'burrow'];

const FORM = 'SOURCE=URL with SOURCE one of prometheus, exporter, burrow (e.g. prometheus=http://127.0.0.1:9090)';

/** Parses "SOURCE=URL" into a LagSource; throws a one-line message naming the bad part. */
export function parseLagSource(spec: string, opts: PrometheusSourceOptions = {}): LagSource {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`lag source ${JSON.stringify(spec)}: expected ${FORM}`);
  return createLagSource(spec.slice(0, eq).trim(), spec.slice(eq + 1).trim(), opts);
}

/** Builds the LagSource of a kind for a URL (the runbook's `source: { prometheus: URL }` form). */
export function createLagSource(kind: string, url: string, opts: PrometheusSourceOptions = {}): LagSource {
  if (!(LAG_SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`lag source ${JSON.stringify(kind)} is not known: expected ${FORM}`);
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`lag source ${kind}: ${JSON.stringify(url)} is not a URL (expected http://HOST:PORT...)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`lag source ${kind}: ${url} must be an http:// or https:// URL`);
  }
  if (u.username || u.password) {
    // Credentials in a URL end up in the journal and on screen.
    throw new Error(`lag source ${kind}: ${u.host} must not carry a user or password in the URL`);
  }
  switch (kind as LagSourceKind) {
    case 'prometheus':
      return createPrometheusSource(url, opts);
    case 'exporter':
      return createExporterSource(url, opts);
    case 'burrow':
      return createBurrowSource(url, opts);
  }
}
