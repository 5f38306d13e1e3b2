// Reads a file the user named (kubeconfig, runbook, values, theme, config)
// only when it is a regular file of a sane size. A symlink to /dev/zero
// would otherwise grow memory until the machine dies, and a FIFO would block
// the read forever; both are refused by name before a byte is read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The largest file helmdeck reads as input (16 MiB: far above any real kubeconfig, runbook or values file). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** A file that is not a regular file, or is too large to read. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly code = 'EBADINPUT',
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Why a file of these stats cannot be read as input, or undefined when it can. */
export function notReadableWhy(st: Stats, limit = MAX_INPUT_BYTES): string | undefined {
  if (st.isFile()) return st.size > limit ? `${mib(st.size)} is more than the ${mib(limit)} an input file may hold` : undefined;
  return `is ${kindOf(st)}, not a regular file`;
}

/** Throws InputFileError unless `file` is a regular file under the bound; ENOENT and EACCES pass through as they are. */
export function assertInputFile(file: string, limit = MAX_INPUT_BYTES): void {
  const why = notReadableWhy(statSync(file), limit);
  if (why) throw new InputFileError(file, why);
}

/** The text of a regular file under the bound; InputFileError otherwise (fs errors such as ENOENT pass through). */
export function readInputFile(file: string, limit = MAX_INPUT_BYTES): string {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const why = notReadableWhy(fstatSync(fd), limit);
    if (why) throw new InputFileError(file, why);
    // Read to the bound, not to the size stat gave: the file may grow meanwhile.
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw new InputFileError(file, `grew past the ${mib(limit)} an input file may hold while it was read`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${n} bytes`;
}
