// Consumer lag from Burrow's v3 HTTP API. The source URL names the cluster:
//   burrow=http://HOST:8000/v3/kafka/CLUSTER   (a proxy prefix before /v3 is kept)
// Groups come from GET {url}/consumer, lag from GET {url}/consumer/{group}/lag
// (the /lag form lists every partition; /status lists only the bad ones).
// Burrow's own verdict (status.status OK/WARN/ERR) is kept per partition as
// sourceStatus but never trusted alone: it says OK while lag still grows.
import { getJson, HttpStatusError } from './http-get.js';
import type { HttpSourceOptions, LagSample, LagSource } from './types.js';

const CLUSTER_PATH = /^(.*\/v3\/kafka\/[^/]+)\/?$/;

interface BurrowPartition {
  topic?: unknown;
  partition?: unknown;
  owner?: unknown;
  status?: unknown;
  current_lag?: unknown;
}

/** A LagSource reading Burrow for the cluster named in url. */
export function createBurrowSource(url: string, opts: HttpSourceOptions = {}): LagSource {
  const u = new URL(url);
  const m = CLUSTER_PATH.exec(u.pathname);
  if (!m) throw new Error(`burrow URL ${url} must name the cluster: http://HOST:PORT/v3/kafka/CLUSTER`);
  const base = `${u.origin}${m[1]}`;
  const now = opts.now ?? Date.now;
  const get = (path: string): Promise<unknown> => getJson(`${base}${path}`, { timeoutMs: opts.timeoutMs });

  const groupLag = async (group: string): Promise<LagSample[]> => {
    let body: unknown;
    try {
      body = await get(`/consumer/${encodeURIComponent(group)}/lag`);
    } catch (e) {
      // 404 is Burrow's "cluster or consumer not found": no sample, so the
      // caught-up rule reports the group as unknown.
      if (e instanceof HttpStatusError && e.status === 404) return [];
      throw e;
    }
    const b = checked(body, `${base}/consumer/${group}/lag`) as { status?: { status?: unknown; partitions?: unknown } };
    if (b.status?.status === 'NOTFOUND' || !Array.isArray(b.status?.partitions)) return [];
    const parts = (b.status.partitions as unknown[]).filter((p): p is BurrowPartition => typeof p === 'object' && p !== null);
    const owners = new Set(parts.map((p) => p.owner).filter((o): o is string => typeof o === 'string' && o !== ''));
    const at = now();
    return parts.map((p) => {
      const lag = typeof p.current_lag === 'number' && p.current_lag >= 0 ? p.current_lag : null;
      const s: LagSample = { group, topic: typeof p.topic === 'string' ? p.topic : '', lag, at };
      if (typeof p.partition === 'number') s.partition = p.partition;
      // Burrow names an owner host only for active new-style consumers, so
      // distinct owners are a lower bound of the members; with none listed
      // the member count is unknown rather than zero.
      if (owners.size > 0) s.members = owners.size;
      if (typeof p.status === 'string') s.sourceStatus = p.status;
      return s;
    });
  };

  return {
    kind: 'burrow',
    url,
    async sample(groups?: string[]): Promise<LagSample[]> {
      let names = groups;
      if (!names?.length) {
        const list = checked(await get('/consumer'), `${base}/consumer`) as { consumers?: unknown };
        names = Array.isArray(list.consumers) ? list.consumers.filter((g): g is string => typeof g === 'string') : [];
      }
      return (await Promise.all(names.map(groupLag))).flat();
    },
  };
}

// Burrow answers {"error": true, "message": ...} for a refused request.
function checked(body: unknown, url: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) throw new Error(`${url}: Burrow answered with no JSON object`);
  const b = body as { error?: unknown; message?: unknown };
  if (b.error === true) throw new Error(`${url}: Burrow answered an error: ${String(b.message)}`);
  return body as Record<string, unknown>;
}
