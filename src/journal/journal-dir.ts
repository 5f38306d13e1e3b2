// Makes the journal's folder, one level at a time, so that a path that can
// never be a folder (a file on the way, /dev/null, /proc) fails at once with
// that path named. Node's recursive mkdir loops forever under /proc and says
// only EEXIST or ENOTDIR elsewhere.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A journal folder that cannot be used, with the path and why. */
export class JournalDirError extends Error {}

/** Creates `dir` (0700) and any missing parents; throws JournalDirError naming the path that is in the way. */
export function ensureJournalDir(dir: string): void {
  const path = resolve(dir);
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: something on the way is a file; walking up finds and names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new JournalDirError(`journal directory ${dir}: cannot use ${p} (${code ?? (e as Error).message})`);
      if (dirname(p) === p) throw new JournalDirError(`journal directory ${dir}: ${p} does not exist`);
      missing.push(p);
      continue;
    }
    if (!isDir) throw new JournalDirError(`journal directory ${dir}: ${p} is not a directory`);
    break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p, { mode: 0o700 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(p).isDirectory()) continue;
      throw new JournalDirError(`journal directory ${dir}: cannot create ${p} (${code ?? (e as Error).message})`);
    }
  }
}
