// Starts a real Prometheus (Debian package `prometheus`) on a free loopback
// port, scraping the given /metrics URL every second, for lag tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

export interface TestPrometheus {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts Prometheus scraping `metricsUrl`; resolves once it is ready and has scraped once. */
export async function startPrometheus(metricsUrl: string): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-prom-'));
  const target = new URL(metricsUrl);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: kafka_exporter',
      `    metrics_path: ${target.pathname}`,
      '    static_configs:',
      `      - targets: ['${target.host}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const proc: ResultPromise = execa(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { reject: false, stdin: 'ignore' },
  );
  let exitCode: number | undefined;
  void proc.then((r) => (exitCode = r.exitCode ?? -1));
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/api/v1/query?query=up`);
      const body = (await r.json()) as any;
      if (body?.data?.result?.some((s: any) => s.value?.[1] === '1')) {
        ready = true;
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (exitCode !== undefined) throw new Error(`prometheus exited with ${exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!ready) {
    proc.kill('SIGTERM');
    throw new Error(`prometheus at ${url} did not scrape ${metricsUrl} within 30 s`);
  }
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await proc;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
