// A simulated container's small writable filesystem: regular files by
// absolute path, directories implied by them plus the usual top-level ones
// and those named by KUBESIM_EXEC commands. Lives as long as its pod.
import { posix } from 'node:path';

/** Directories every Linux image has, so `test -d /tmp` and `cp` into them work. */
const BASE_DIRS = ['/', '/bin', '/dev', '/etc', '/home', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/var', '/var/lib', '/var/log', '/var/tmp'];

export class ContainerFs {
  private readonly files = new Map<string, Buffer>();
  private readonly dirs = new Set<string>(BASE_DIRS);

  constructor(initial: Map<string, Buffer>, executables: string[]) {
    for (const [path, data] of initial) this.write(path, data);
    // A declared command's own directory exists (so running it bare says "is a directory").
    for (const exe of executables) if (exe.startsWith('/')) this.mkdirs(posix.dirname(posix.normalize(exe)));
  }

  /** Resolves a path against the working directory `/`. */
  static resolve(path: string): string {
    return posix.resolve('/', path);
  }

  isDir(path: string): boolean {
    return this.dirs.has(ContainerFs.resolve(path));
  }

  read(path: string): Buffer | undefined {
    return this.files.get(ContainerFs.resolve(path));
  }

  write(path: string, data: Buffer): void {
    const p = ContainerFs.resolve(path);
    this.mkdirs(posix.dirname(p));
    this.files.set(p, data);
  }

  mkdirs(path: string): void {
    let p = ContainerFs.resolve(path);
    for (;;) {
      this.dirs.add(p);
      if (p === '/') return;
      p = posix.dirname(p);
    }
  }

  /** Everything under `path` (itself included): directories first, then files, sorted. */
  walk(path: string): { path: string; dir: boolean; data?: Buffer }[] {
    const root = ContainerFs.resolve(path);
    const within = (p: string) => p === root || p.startsWith(root === '/' ? '/' : `${root}/`);
    const dirs = [...this.dirs].filter(within).sort().map((p) => ({ path: p, dir: true }));
    const files = [...this.files].filter(([p]) => within(p)).sort(([a], [b]) => a.localeCompare(b)).map(([p, data]) => ({ path: p, dir: false, data }));
    return [...dirs, ...files];
  }
}
