// The programs every simulated container has without declaring them: `tar`
// (what `kubectl cp` runs, both directions) and `test` (which `kubectl cp`
// runs first to learn whether the destination is a directory).
import type { ContainerFs } from './container-fs.js';
import { packTar, unpackTar, type TarEntry } from './tar.js';

export interface ExecIO {
  /** All of stdin, once the client closed it (empty without stdin). */
  readStdin(): Promise<Buffer>;
  stdout(data: Buffer | string): void;
  stderr(data: Buffer | string): void;
}

export type Builtin = (fs: ContainerFs, args: string[], io: ExecIO) => Promise<number>;

interface TarArgs {
  ops: Set<string>;
  archive?: string;
  dir: string;
  members: string[];
}

/** GNU tar's argument forms kubectl uses: a bundle (`cf`, `-xmf`), `-C DIR`, long options. */
function parseTarArgs(args: string[]): TarArgs {
  const t: TarArgs = { ops: new Set(), dir: '/', members: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C' || a === '--directory') t.dir = args[++i] ?? '/';
    else if (a.startsWith('--directory=')) t.dir = a.slice('--directory='.length);
    else if (a.startsWith('--')) continue;
    else if ((i === 0 && /^[a-zA-Z]+$/.test(a)) || /^-[a-zA-Z]+$/.test(a)) {
      for (const ch of a.replace(/^-/, '')) {
        t.ops.add(ch);
        if (ch === 'f') t.archive = args[++i];
      }
    } else t.members.push(a);
  }
  return t;
}

const tar: Builtin = async (fs, args, io) => {
  const t = parseTarArgs(args);
  if (t.archive !== undefined && t.archive !== '-') {
    io.stderr(`tar: ${t.archive}: Cannot open: Read-only file system\n`);
    return 2;
  }
  if (t.ops.has('c')) {
    const entries: TarEntry[] = [];
    // The complaints go out as one write ahead of the archive: kubectl cp stops reading once the archive ends,
    // and a complaint still in flight on the stderr stream would be lost.
    const complaints: string[] = [];
    let failed = false;
    if (t.members.some((m) => m.startsWith('/'))) complaints.push("tar: Removing leading `/' from member names\n");
    for (const m of t.members) {
      const found = fs.walk(m.startsWith('/') ? m : `${t.dir}/${m}`);
      if (!found.length) {
        complaints.push(`tar: ${m}: Cannot stat: No such file or directory\n`);
        failed = true;
      }
      const base = m.startsWith('/') ? '/' : t.dir;
      for (const f of found) {
        const rel = f.path.slice(base === '/' ? 1 : base.length + 1);
        entries.push({ name: f.dir ? `${rel}/` : rel, dir: f.dir, data: f.data ?? Buffer.alloc(0), mode: f.dir ? 0o755 : 0o644 });
      }
    }
    if (failed) complaints.push('tar: Exiting with failure status due to previous errors\n');
    if (complaints.length) io.stderr(complaints.join(''));
    io.stdout(packTar(entries));
    return failed ? 2 : 0;
  }
  if (t.ops.has('x')) {
    let entries: TarEntry[];
    try {
      entries = unpackTar(await io.readStdin());
    } catch {
      io.stderr('tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n');
      return 2;
    }
    if (!fs.isDir(t.dir)) {
      io.stderr(`tar: ${t.dir}: Cannot open: No such file or directory\n`);
      return 2;
    }
    for (const e of entries) {
      const path = `${t.dir.replace(/\/$/, '')}/${e.name.replace(/^\/+/, '')}`;
      if (e.dir) fs.mkdirs(path);
      else fs.write(path, e.data);
    }
    return 0;
  }
  io.stderr("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n");
  return 2;
};

/** `test -d|-f|-e PATH`: exit 0 or 1, as coreutils. */
const test: Builtin = async (fs, args) => {
  const [flag, path] = args;
  if (!path) return 1;
  if (flag === '-d') return fs.isDir(path) ? 0 : 1;
  if (flag === '-f') return fs.read(path) ? 0 : 1;
  if (flag === '-e') return fs.isDir(path) || fs.read(path) ? 0 : 1;
  return 2;
};

export const BUILTINS: Record<string, Builtin> = { tar, test };
