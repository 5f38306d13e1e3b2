// Resource quantities ("500m", "128Mi", "1e3") and the pod-level sums the
// scheduler, the kubelet (QoS class) and the HPA need, with the API server's
// defaulting rule that a limit without a request is also the request.

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity in base units (cores, bytes, count); NaN when malformed. */
export function parseQuantity(q: string | number | undefined | null): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * SUFFIX[m[3] ?? '']!;
}

/** Formats cores as the API does for CPU: whole cores plain, otherwise millicores ("250m"). */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

type Resources = Record<string, number>;

/** A container's effective requests: requests, else limits (the API server copies limits into requests). */
export function containerRequests(c: any): Resources {
  const out: Resources = {};
  const limits = c?.resources?.limits ?? {};
  const requests = c?.resources?.requests ?? {};
  for (const [k, v] of Object.entries({ ...limits, ...requests })) {
    const n = parseQuantity(v as string);
    if (Number.isFinite(n)) out[k] = n;
  }
  return out;
}

function add(into: Resources, from: Resources): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * What the scheduler reserves for a pod: the sum of app containers and
 * sidecars, or the largest plain init container if that is bigger.
 */
export function podRequests(spec: any): Resources {
  const total: Resources = {};
  for (const c of spec?.containers ?? []) add(total, containerRequests(c));
  const sidecars: Resources = {};
  const initPeak: Resources = {};
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      add(total, r);
      add(sidecars, r);
      continue;
    }
    // A plain init container runs next to the sidecars started before it.
    const during: Resources = { ...sidecars };
    add(during, r);
    for (const [k, v] of Object.entries(during)) initPeak[k] = Math.max(initPeak[k] ?? 0, v);
  }
  for (const [k, v] of Object.entries(initPeak)) total[k] = Math.max(total[k] ?? 0, v);
  for (const [k, v] of Object.entries(spec?.overhead ?? {})) {
    const n = parseQuantity(v as string);
    if (Number.isFinite(n)) total[k] = (total[k] ?? 0) + n;
  }
  return total;
}

/** The pod's QoS class, as the API server computes status.qosClass. */
export function qosClass(spec: any): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const limits = c?.resources?.limits ?? {};
    const requests = { ...limits, ...(c?.resources?.requests ?? {}) };
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const lim = parseQuantity(limits[r]);
      const req = parseQuantity(requests[r]);
      if (!Number.isFinite(lim) || !Number.isFinite(req) || lim !== req) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
