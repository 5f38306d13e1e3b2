// The ustar subset `kubectl cp` exchanges with `tar` in a container: regular
// files and directories, with PAX and GNU long names read, short names
// written (what Go's archive/tar and GNU tar produce for these paths).

export interface TarEntry {
  name: string;
  dir: boolean;
  data: Buffer;
  mode: number;
}

const BLOCK = 512;

function octal(buf: Buffer, value: number, at: number, width: number): void {
  buf.write(value.toString(8).padStart(width - 1, '0') + '\0', at, width, 'ascii');
}

function text(buf: Buffer, at: number, width: number): string {
  const raw = buf.subarray(at, at + width);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? width : end).toString('utf8');
}

function header(entry: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let name = entry.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/');
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  h.write(name, 0, 100, 'utf8');
  octal(h, entry.mode, 100, 8);
  octal(h, 0, 108, 8);
  octal(h, 0, 116, 8);
  octal(h, entry.dir ? 0 : entry.data.length, 124, 12);
  octal(h, mtime, 136, 12);
  h.write('        ', 148, 8, 'ascii');
  h.write(entry.dir ? '5' : '0', 156, 1, 'ascii');
  h.write('ustar\0' + '00', 257, 8, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** Packs entries into a tar stream (ending with the two zero blocks). */
export function packTar(entries: TarEntry[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e, mtime));
    if (!e.dir && e.data.length) {
      parts.push(e.data);
      const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** Reads a tar stream; throws on a corrupt header. */
export function unpackTar(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + BLOCK <= buf.length) {
    const h = buf.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (parseInt(text(h, 148, 8).trim() || '0', 8) !== sum) throw new Error('archive/tar: invalid tar header');
    const size = parseInt(text(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156]!) || '0';
    const data = buf.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
      continue;
    }
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'g') continue;
    const prefix = h.subarray(257, 262).toString('ascii') === 'ustar' ? text(h, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = undefined;
    const mode = parseInt(text(h, 100, 8).trim() || '644', 8);
    if (type === '5') out.push({ name, dir: true, data: Buffer.alloc(0), mode });
    else if (type === '0' || type === '\0' || type === '7') out.push({ name, dir: false, data: Buffer.from(data), mode });
  }
  return out;
}
