// Object names cut in the middle, not at the end: generated names differ in
// their last part (shop-api-784dbb664-7fkq2, shop-db-1, migrate-x7k2p), so
// the ellipsis goes before that suffix and as much of the start as fits
// stays: shop-api-78…-7fkq2.

/** `name` cut to at most `width` columns keeping its last dash-separated part; not padded. */
export function clipName(name: string, width: number): string {
  const chars = [...name.replace(/[\r\n\t]+/g, ' ')];
  if (chars.length <= width) return chars.join('');
  if (width <= 1) return width === 1 ? '…' : '';
  const dash = chars.lastIndexOf('-');
  const suffix = dash > 0 ? chars.length - dash : 0;
  // The suffix, the ellipsis and at least a few characters of the start; else an even middle cut.
  const tail = suffix > 0 && suffix + 4 <= width ? suffix : Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - tail).join('');
}

/** `name` cut in the middle or padded to exactly `width` columns. */
export function fitName(name: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const shown = clipName(name, width);
  const pad = ' '.repeat(width - [...shown].length);
  return align === 'right' ? pad + shown : shown + pad;
}
