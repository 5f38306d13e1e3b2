// A small parser for the Prometheus text exposition format (version 0.0.4),
// enough to read a kafka_exporter /metrics page directly: HELP and TYPE
// lines, label values with escapes, NaN and infinities, optional timestamps.
// A malformed line is an error naming its line number, never skipped: a
// silently dropped lag line would read as a partition with no lag.

/** One sample line. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

/** A parsed page: the samples and the HELP and TYPE of each metric family. */
export interface PromText {
  samples: PromSample[];
  help: Record<string, string>;
  types: Record<string, string>;
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const META = /^#\s*(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:[ \t]+(.*))?$/;

/** Parses a text-format metrics page; throws `metrics line N: ...` on a malformed line. */
export function parsePromText(text: string): PromText {
  const out: PromText = { samples: [], help: {}, types: {} };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = META.exec(line);
      if (m?.[1] === 'HELP') out.help[m[2]!] = (m[3] ?? '').replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      else if (m?.[1] === 'TYPE') out.types[m[2]!] = (m[3] ?? 'untyped').trim();
      continue; // any other comment (and OpenMetrics' # EOF) carries nothing
    }
    try {
      out.samples.push(parseSample(line));
    } catch (e) {
      throw new Error(`metrics line ${i + 1}: ${(e as Error).message}: ${line.slice(0, 120)}`, { cause: e });
    }
  }
  return out;
}

function parseSample(line: string): PromSample {
  let pos = 0;
  const take = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (m) pos = re.lastIndex;
    return m?.[0];
  };
  const skipSpace = (): void => {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
  };
  const name = take(NAME);
  if (!name) throw new Error('no metric name');
  const labels: Record<string, string> = {};
  skipSpace();
  if (line[pos] === '{') {
    pos++;
    while (true) {
      skipSpace();
      if (line[pos] === '}') break;
      const label = take(LABEL);
      if (!label) throw new Error('bad label name');
      skipSpace();
      if (line[pos++] !== '=') throw new Error(`no = after label ${label}`);
      skipSpace();
      if (line[pos++] !== '"') throw new Error(`label ${label} has no quoted value`);
      let value = '';
      while (pos < line.length && line[pos] !== '"') {
        const c = line[pos++]!;
        if (c === '\\' && pos < line.length) {
          const e = line[pos++]!;
          value += e === 'n' ? '\n' : e === '\\' || e === '"' ? e : `\\${e}`;
        } else value += c;
      }
      if (line[pos++] !== '"') throw new Error(`label ${label} value is not closed`);
      labels[label] = value;
      skipSpace();
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') throw new Error('expected , or } after a label');
    }
    pos++;
  }
  const [valueText, tsText, extra] = line.slice(pos).trim().split(/[ \t]+/);
  if (!valueText) throw new Error('no value');
  if (extra !== undefined) throw new Error('unexpected text after the timestamp');
  const sample: PromSample = { name, labels, value: parseValue(valueText) };
  if (tsText !== undefined) {
    if (!/^-?\d+$/.test(tsText)) throw new Error(`bad timestamp ${tsText}`);
    sample.timestamp = Number(tsText);
  }
  return sample;
}

// Go's strconv.ParseFloat, which the exporters' client library mirrors:
// NaN and (+/-)Inf in any case, otherwise a decimal float.
function parseValue(t: string): number {
  const lower = t.toLowerCase();
  if (lower === 'nan') return NaN;
  const inf = /^([+-]?)inf(inity)?$/.exec(lower);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) throw new Error(`bad value ${t}`);
  return Number(t);
}
