// Input files are read only when they are regular files under the bound:
// devices, FIFOs, directories and oversized files are refused by name, at
// once, before a byte is read.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFileError, readInputFile } from '../../../src/fs/read-bounded.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-bounded-'));
  writeFileSync(join(dir, 'ok.yaml'), 'a: 1\n');
  writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(2048, 'x'));
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputFile', () => {
  it('reads a regular file', () => expect(readInputFile(join(dir, 'ok.yaml'))).toBe('a: 1\n'));

  it.each([
    ['zero.yaml', 'is a character device, not a regular file'],
    ['fifo.yaml', 'is a FIFO (named pipe), not a regular file'],
    ['.', 'is a directory, not a regular file'],
  ])('refuses %s: %s', (name, reason) => {
    const started = Date.now();
    expect(() => readInputFile(join(dir, name))).toThrow(new InputFileError(join(dir, name), reason).message);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a file over the bound, naming both sizes', () => {
    expect(() => readInputFile(join(dir, 'big.yaml'), 1024)).toThrow('big.yaml: 2048 bytes is more than the 1024 bytes an input file may hold');
  });

  it('passes fs errors such as ENOENT through for the caller to word', () => {
    expect(() => readInputFile(join(dir, 'nope.yaml'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
