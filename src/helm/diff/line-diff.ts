// A line diff of our own (Myers' O((N+M)·D) algorithm) for the values and
// manifest diffs. Release manifests are thousands of lines that mostly agree,
// so the common head and tail are trimmed first and the edit search is capped:
// past the cap the middle is shown as replaced, which is still true, just
// less precise.

/** One line of a diff: kept (' '), removed ('-') or added ('+'). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** Above this many edits the middle is reported as removed-then-added. */
const MAX_EDITS = 1500;

/** The shortest edit script turning a into b, as kept/removed/added lines. */
export function lineDiff(a: readonly string[], b: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const keep = (lines: readonly string[]): DiffLine[] => lines.map((text) => ({ op: ' ', text }));
  const middle = myers(midA, midB) ?? [...midA.map((text): DiffLine => ({ op: '-', text })), ...midB.map((text): DiffLine => ({ op: '+', text }))];
  return [...keep(a.slice(0, head)), ...middle, ...keep(a.slice(a.length - tail))];
}

// Myers' greedy forward search, keeping each round's frontier (only the
// diagonals it can reach, so memory is O(D²)) to walk the path back.
function myers(a: readonly string[], b: readonly string[]): DiffLine[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    // Round d reads diagonals -d-1..d+1 of the previous round's frontier.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], a: readonly string[], b: readonly string[]): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const at = (k: number): number => v[k + d + 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', text: a[--x]! });
      y--;
    }
    if (d > 0) {
      // The edit is the one step from (prevX, prevY) onto this diagonal.
      if (down) out.push({ op: '+', text: b[prevY]! });
      else out.push({ op: '-', text: a[prevX]! });
    }
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/**
 * The diff as text lines ("  kept", "- removed", "+ added") with runs of kept
 * lines beyond `context` lines of a change folded into one "… N unchanged
 * lines" marker; an unchanged input yields no lines at all.
 */
export function unified(lines: readonly DiffLine[], context = 3): string[] {
  if (lines.every((l) => l.op === ' ')) return [];
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.op === ' ') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) near[j] = true;
  });
  const out: string[] = [];
  let skipped = 0;
  lines.forEach((l, i) => {
    if (!near[i]) {
      skipped++;
      return;
    }
    if (skipped) out.push(`  … ${skipped} unchanged line${skipped === 1 ? '' : 's'}`);
    skipped = 0;
    out.push(`${l.op} ${l.text}`);
  });
  if (skipped) out.push(`  … ${skipped} unchanged line${skipped === 1 ? '' : 's'}`);
  return out;
}
