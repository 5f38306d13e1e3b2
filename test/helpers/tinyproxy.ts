// Starts a real HTTP proxy (Debian package `tinyproxy`) on a free loopback
// port with a temporary config, for proxy tests; its log says which
// requests and tunnels went through it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface TestProxy {
  url: string;
  /** Request lines the proxy received ("CONNECT 127.0.0.1:6443 HTTP/1.1", "GET http://… HTTP/1.1"). */
  requests(): string[];
  stop(): Promise<void>;
}

export const tinyproxyBin = ['/usr/bin/tinyproxy', '/usr/sbin/tinyproxy'].find((p) => existsSync(p));

/** A loopback port nothing listens on (for a proxy that is down). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts tinyproxy. `connectPorts` limits the ports it tunnels to (as
 * corporate proxies limit CONNECT to 443); empty = any port.
 */
export async function startTinyproxy(o: { connectPorts?: number[] } = {}): Promise<TestProxy> {
  if (!tinyproxyBin) throw new Error('tinyproxy is not installed: apt-get install -y tinyproxy');
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-proxy-'));
  const port = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      // Watches hold their tunnel open; tinyproxy's idle limit must not cut them during a test.
      'Timeout 600',
      'MaxClients 100',
      'LogLevel Connect',
      'Allow 127.0.0.1',
      ...(o.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
      '',
    ].join('\n'),
  );
  let log = '';
  const proc = execa(tinyproxyBin, ['-d', '-c', conf], { reject: false, stdin: 'ignore', all: true, buffer: false });
  proc.all?.setEncoding('utf8').on('data', (d: string) => (log += d));
  let exited = false;
  void proc.then(() => (exited = true));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    const why = exited ? 'exited at start' : Date.now() > deadline ? `did not listen on ${port} within 10 s` : undefined;
    if (why) {
      proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`tinyproxy ${why}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]!.trim()),
    async stop() {
      proc.kill('SIGTERM');
      await proc;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
