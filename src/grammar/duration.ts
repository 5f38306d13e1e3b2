// Durations as operators write them — 500ms, 30s, 5m, 1h30m, 1.5s — with one
// grammar for flags, runbooks, the config file and kubesim's pod
// conventions. A bare number is ambiguous in a file ("window: 5": seconds?
// minutes?) and refused there; where a caller says so it means seconds, as
// kubectl's --request-timeout=30 and kubesim's KUBESIM_* variables take it.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/** Milliseconds for "1h30m"-style text; undefined when it is not a duration (or a bare number, unless bareSeconds). */
export function parseDuration(text: string, o: { bareSeconds?: boolean } = {}): number | undefined {
  const s = text.trim();
  if (o.bareSeconds && /^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (!DURATION.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return total;
}
