// controller.ComputeHash: a 32-bit FNV-1a over the pod template (plus the
// collision count) rendered with rand.SafeEncodeString, so names look like
// "web-7c5ddbdf54" and stay stable for the same template.

const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fnv1a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: maps each character onto an alphabet without vowels or look-alikes. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += alphanums[ch.codePointAt(0)! % alphanums.length];
  return out;
}

/** The pod-template-hash / revision hash of a value, salted by collisionCount when set. */
export function computeHash(value: unknown, collisionCount?: number): string {
  let h = fnv1a(new TextEncoder().encode(canonical(value)));
  if (collisionCount !== undefined && collisionCount !== null) {
    // Upstream appends the count as 8 little-endian bytes (a uint32 in the first four).
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a(extra, h);
  }
  return safeEncode(String(h));
}
