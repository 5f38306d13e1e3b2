// Text shaping for fixed-width terminal rows: every row is cut to its column
// so a long pod name or message can never wrap and push the frame past the
// terminal's last row.

/** Display width of a string, counting code points (the panes show ASCII names and one-column symbols). */
export function textWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** `text` cut (with an ellipsis) or padded to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
  if (chars.length > width) return width === 1 ? '…' : chars.slice(0, width - 1).join('') + '…';
  const pad = ' '.repeat(width - chars.length);
  return align === 'right' ? pad + chars.join('') : chars.join('') + pad;
}

/** `text` cut to at most `width` columns, not padded. */
export function clip(text: string, width: number): string {
  const chars = [...text.replace(/[\r\n\t]+/g, ' ')];
  if (chars.length <= width) return chars.join('');
  return width <= 0 ? '' : width === 1 ? '…' : chars.slice(0, width - 1).join('') + '…';
}

/** kubectl-style age: 45s, 12m, 5h, 3d; '' for an unknown start. */
export function age(since: number | undefined, now: number): string {
  if (since === undefined || !Number.isFinite(since)) return '';
  const s = Math.max(0, Math.floor((now - since) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** A running time, short: 12s, 1m12s, 1h02m. */
export function elapsedShort(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Wall-clock time as HH:MM:SS in the operator's time zone (what the change record is compared against). */
export function clockText(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A duration as H:MM:SS (days prefixed), for the window's elapsed time. */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

/** An RFC 3339 time as "YYYY-MM-DD HH:MM" (local), or the input when it does not parse. */
export function dateText(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Epoch ms of an RFC 3339 string or Date, undefined when absent or invalid. */
export function timeOf(v: unknown): number | undefined {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : t;
}
