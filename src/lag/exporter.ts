// Consumer lag scraped straight from a kafka_exporter /metrics endpoint,
// for when there is no Prometheus between helmdeck and the exporter. The URL
// is used as given; one with no path (http://host:9308) gets /metrics.
import { getText } from './http-get.js';
import { parsePromText, type PromText } from './prom-text.js';
import type { HttpSourceOptions, LagSample, LagSource } from './types.js';

const LAG = 'kafka_consumergroup_lag';
const MEMBERS = 'kafka_consumergroup_members';

/** A LagSource scraping a kafka_exporter metrics page. */
export function createExporterSource(url: string, opts: HttpSourceOptions = {}): LagSource {
  const endpoint = metricsUrl(url);
  const now = opts.now ?? Date.now;
  return {
    kind: 'exporter',
    url,
    async sample(groups?: string[]): Promise<LagSample[]> {
      // Ask for the text format: promhttp may otherwise answer in protobuf.
      const text = await getText(endpoint, { timeoutMs: opts.timeoutMs, accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' });
      let page: PromText;
      try {
        page = parsePromText(text);
      } catch (e) {
        throw new Error(`${endpoint}: ${(e as Error).message}`, { cause: e });
      }
      return samplesFromExporterMetrics(page, now(), groups);
    },
  };
}

/** Turns kafka_exporter's kafka_consumergroup_lag and _members samples into LagSamples. */
export function samplesFromExporterMetrics(page: PromText, at: number, groups?: string[]): LagSample[] {
  const wanted = groups?.length ? new Set(groups) : undefined;
  const members = new Map<string, number>();
  for (const s of page.samples) {
    const g = s.labels.consumergroup;
    if (s.name === MEMBERS && g !== undefined && Number.isFinite(s.value)) members.set(g, s.value);
  }
  const out: LagSample[] = [];
  for (const s of page.samples) {
    const group = s.labels.consumergroup;
    if (s.name !== LAG || group === undefined || (wanted && !wanted.has(group))) continue;
    // -1 means the group has no committed offset there: unknown, not zero.
    const lag = Number.isFinite(s.value) && s.value >= 0 ? s.value : null;
    const sample: LagSample = { group, topic: s.labels.topic ?? '', lag, at };
    const p = Number(s.labels.partition);
    if (s.labels.partition !== undefined && Number.isInteger(p)) sample.partition = p;
    const m = members.get(group);
    if (m !== undefined) sample.members = m;
    out.push(sample);
  }
  return out;
}

function metricsUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '' || u.pathname === '/') u.pathname = '/metrics';
  return u.toString();
}
