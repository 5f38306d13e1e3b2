// The plain-HTTP metrics endpoint (kafka_exporter's format) that Prometheus
// or helmdeck's exporter source scrapes; separate from the API's HTTPS port
// as a real exporter would be.
import { createServer, type Server } from 'node:http';

/** Serves `render()` at /metrics on 127.0.0.1. */
export function startMetricsServer(render: () => string, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      const body = render();
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found: try /metrics\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}
