// The server end of a SPDY/3.1 session, the framing kubectl port-forward
// still multiplexes its streams with (inside a WebSocket since 1.31): frames
// in from a byte stream, SYN_STREAM answered with SYN_REPLY, PING echoed,
// DATA routed by stream id with FIN as half-close, RST_STREAM as reset.
// Header blocks in are zlib against the SPDY/3 dictionary; ours go out as
// stored (uncompressed) deflate blocks, which any zlib reader accepts.
import { EventEmitter } from 'node:events';
import { constants, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';

const TYPE = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
const FLAG_FIN = 0x01;
const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** One stream of the session; 'data' (Buffer), 'end' (peer's FIN), 'reset'. */
export class SpdyStream extends EventEmitter {
  finSent = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Record<string, string>,
  ) {
    super();
  }

  write(data: Buffer): void {
    if (this.finSent) return;
    for (let at = 0; at < data.length; at += 32_768) this.session.sendData(this.id, data.subarray(at, at + 32_768), false);
  }

  /** Half-closes our side (DATA with FIN). */
  end(): void {
    if (this.finSent) return;
    this.finSent = true;
    this.session.sendData(this.id, Buffer.alloc(0), true);
  }
}

/** 'stream' (SpdyStream) for each stream the client opens. */
export class SpdySession extends EventEmitter {
  private buffer: Buffer = Buffer.alloc(0);
  private compressedIn: Buffer[] = [];
  private inflatedSoFar = 0;
  private headerOutStarted = false;
  private readonly streams = new Map<number, SpdyStream>();

  constructor(private readonly out: (frame: Buffer) => void) {
    super();
  }

  /** Feeds bytes from the client. */
  receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUIntBE(5, 3);
      if (this.buffer.length < 8 + length) return;
      const head = this.buffer.subarray(0, 8);
      const payload = this.buffer.subarray(8, 8 + length);
      this.buffer = this.buffer.subarray(8 + length);
      const flags = head[4]!;
      if (head[0]! & 0x80) this.control(head.readUInt16BE(2), flags, payload);
      else this.data(head.readUInt32BE(0) & 0x7fffffff, flags, payload);
    }
  }

  /** Every stream is gone with the connection. */
  closeAll(): void {
    for (const s of this.streams.values()) s.emit('reset');
    this.streams.clear();
  }

  private control(type: number, flags: number, p: Buffer): void {
    if (type === TYPE.synStream) {
      const id = p.readUInt32BE(0) & 0x7fffffff;
      const stream = new SpdyStream(this, id, this.readHeaders(p.subarray(10)));
      this.streams.set(id, stream);
      this.sendControl(TYPE.synReply, 0, Buffer.concat([u32(id), this.writeHeaders({})]));
      this.emit('stream', stream);
      if (flags & FLAG_FIN) stream.emit('end');
    } else if (type === TYPE.ping) {
      this.sendControl(TYPE.ping, 0, p);
    } else if (type === TYPE.rstStream) {
      const id = p.readUInt32BE(0) & 0x7fffffff;
      this.streams.get(id)?.emit('reset');
      this.streams.delete(id);
    } else if (type === TYPE.goAway) {
      this.closeAll();
    } else if (type === TYPE.headers) {
      this.readHeaders(p.subarray(4));
    }
    // SETTINGS and WINDOW_UPDATE need no answer: neither side enforces flow-control windows here.
  }

  private data(id: number, flags: number, p: Buffer): void {
    const s = this.streams.get(id);
    if (!s) return;
    if (p.length) s.emit('data', Buffer.from(p));
    if (flags & FLAG_FIN) s.emit('end');
  }

  /** Header blocks share one zlib stream per direction: inflate everything so far, keep the new part. */
  private readHeaders(block: Buffer): Record<string, string> {
    this.compressedIn.push(Buffer.from(block));
    const all = inflateSync(Buffer.concat(this.compressedIn), { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    const raw = all.subarray(this.inflatedSoFar);
    this.inflatedSoFar = all.length;
    const headers: Record<string, string> = {};
    let at = 4;
    for (let n = raw.readUInt32BE(0); n > 0; n--) {
      const nameLen = raw.readUInt32BE(at);
      const name = raw.toString('utf8', at + 4, at + 4 + nameLen);
      at += 4 + nameLen;
      const valueLen = raw.readUInt32BE(at);
      headers[name.toLowerCase()] = raw.toString('utf8', at + 4, at + 4 + valueLen).split('\0')[0]!;
      at += 4 + valueLen;
    }
    return headers;
  }

  private writeHeaders(headers: Record<string, string>): Buffer {
    const parts: Buffer[] = [u32(Object.keys(headers).length)];
    for (const [k, v] of Object.entries(headers)) parts.push(u32(Buffer.byteLength(k)), Buffer.from(k), u32(Buffer.byteLength(v)), Buffer.from(v));
    const raw = Buffer.concat(parts);
    // A zlib header without a preset dictionary (0x78 0x01) once, then per header block a stored block
    // and the empty block of a sync flush: a reader stops there instead of reading past the frame.
    const prefix = this.headerOutStarted ? Buffer.alloc(0) : Buffer.from([0x78, 0x01]);
    this.headerOutStarted = true;
    const stored = Buffer.from([0x00, raw.length & 0xff, raw.length >> 8, ~raw.length & 0xff, (~raw.length >> 8) & 0xff]);
    return Buffer.concat([prefix, stored, raw, SYNC_FLUSH]);
  }

  private sendControl(type: number, flags: number, payload: Buffer): void {
    const head = Buffer.alloc(8);
    head.writeUInt16BE(0x8003, 0);
    head.writeUInt16BE(type, 2);
    head.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4);
    this.out(Buffer.concat([head, payload]));
  }

  sendData(id: number, data: Buffer, fin: boolean): void {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(id & 0x7fffffff, 0);
    head.writeUInt32BE((((fin ? FLAG_FIN : 0) & 0xff) << 24) | data.length, 4);
    this.out(Buffer.concat([head, data]));
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
