// Cuts a byte stream into lines for watch and log streams: chunks end
// anywhere (mid-line, mid-UTF-8 character), so the tail is kept for the next.

/** Incremental UTF-8 line splitter ("\n" or "\r\n"). */
export class LineSplitter {
  private readonly decoder = new TextDecoder();
  private rest = '';

  /** Feeds a chunk; returns the lines it completed (without their newline). */
  push(chunk: Uint8Array | string): string[] {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
    return lines;
  }

  /** Ends the stream: the unterminated last line, if any. */
  flush(): string | undefined {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    return last === '' ? undefined : last.replace(/\r$/, '');
  }
}
