// What listens on a simulated pod's ports, for port-forward: a loopback HTTP
// server per container port answering its KUBESIM_HTTP routes, or the real
// PostgreSQL of a postgres container. Dialling a port nothing listens on, or
// a container that is not Ready, is refused as a real pod's would be.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { KObject } from '../store/types.js';
import { httpRoutes, isPostgresImage } from './conventions.js';
import { answerRoute, containerOnPort, containerReady } from './http-routes.js';
import type { PostgresInstance } from './postgres.js';

export class ConnectionRefused extends Error {}

export class PodNetwork {
  /** Loopback servers by "pod uid/port". */
  private readonly servers = new Map<string, Promise<{ server: Server; port: number }>>();

  constructor(private readonly postgres: (pod: KObject, container: any) => Promise<PostgresInstance | string>) {}

  /** Opens a TCP connection to the pod's port; ConnectionRefused when nothing would answer. */
  async dial(pod: KObject, port: number): Promise<Socket> {
    const refused = () => new ConnectionRefused(`dial tcp4 127.0.0.1:${port}: connect: connection refused`);
    const container = containerOnPort(pod, port);
    if (!container || !containerReady(pod, container.name)) throw refused();
    let local: number;
    if (isPostgresImage(container.image)) {
      const db = await this.postgres(pod, container);
      if (typeof db === 'string') throw refused();
      local = db.port;
    } else {
      local = (await this.serverFor(pod, container, port)).port;
    }
    return new Promise((resolve, reject) => {
      const s = connect(local, '127.0.0.1', () => resolve(s));
      s.once('error', () => reject(refused()));
    });
  }

  private serverFor(pod: KObject, container: any, port: number): Promise<{ server: Server; port: number }> {
    const key = `${pod.metadata.uid}/${port}`;
    let entry = this.servers.get(key);
    if (!entry) {
      const routes = httpRoutes(container);
      const server = createServer((req, res) => {
        req.resume();
        const a = answerRoute(routes, req.method ?? 'GET', req.url ?? '/');
        res.writeHead(a.status, { ...a.headers, 'Content-Length': Buffer.byteLength(a.body) });
        res.end(a.body);
      });
      entry = new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
      this.servers.set(key, entry);
    }
    return entry;
  }

  /** Closes what listened for a pod that is gone. */
  forget(uid: string): void {
    for (const [key, entry] of this.servers) {
      if (!key.startsWith(`${uid}/`)) continue;
      this.servers.delete(key);
      void entry.then(({ server }) => {
        server.closeAllConnections();
        server.close();
      });
    }
  }

  closeAll(): Promise<void> {
    const all = [...this.servers.values()];
    this.servers.clear();
    const close = ({ server }: { server: Server }) =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    return Promise.all(all.map((e) => e.then(close))).then(() => undefined);
  }
}
