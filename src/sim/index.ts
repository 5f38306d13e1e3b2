// startSim: the whole simulated cluster in-process — store, controllers,
// kubelet, Kafka consumers, the HTTPS API, the metrics endpoint, the image
// and chart registry, and a kubeconfig for real clients.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RT, resourceTypes } from './api/resources.js';
import { createApiServer } from './api/server.js';
import { createClock } from './clock.js';
import type { Controller, SimContext } from './context.js';
import { workloadControllers } from './controllers/index.js';
import { createEventRecorder } from './events.js';
import { Faults } from './faults.js';
import { createKafkaSim } from './kafka/index.js';
import { writeKubeconfig } from './kubeconfig.js';
import { kubeletControllers } from './kubelet/index.js';
import { LogStore } from './kubelet/log-store.js';
import { startMetricsServer } from './metrics-server.js';
import { startRegistry } from './registry/index.js';
import { ContainerRuntimes } from './runtime/runtimes.js';
import { ObjectStore } from './store/object-store.js';
import { generateTls } from './tls.js';

export interface SimOptions {
  /** API port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Metrics port on 127.0.0.1; 0 (default) picks a free one. */
  metricsPort?: number;
  /** Where to write the kubeconfig; a temporary file when omitted. */
  kubeconfigPath?: string;
  /** Scales every simulated delay (2 = twice as fast). */
  speed?: number;
  /** Watch history kept for resuming watches. */
  historySize?: number;
  /** Real ms between watch bookmarks. */
  bookmarkIntervalMs?: number;
  /** Simulated worker nodes (default 3) and the pods each can hold (default 110). */
  nodes?: number;
  maxPodsPerNode?: number;
  /** Context name written to the kubeconfig. */
  contextName?: string;
  /** Registry port on 127.0.0.1; 0 (default) picks a free one. */
  registryPort?: number;
  /** Registry hosts (host[:port]) whose images the kubelet pulls from kubesim's registry, e.g. registry.example.invalid. */
  registryHosts?: readonly string[];
}

export interface Sim {
  url: string;
  kubeconfigPath: string;
  metricsUrl: string;
  /** The registry, http://127.0.0.1:PORT (the ready line's registry=). */
  registryUrl: string;
  faults: Faults;
  ctx: SimContext;
  token: string;
  caPem: string;
  stop(): Promise<void>;
}

/** Starts kubesim; resolves when it is ready to serve. */
export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const store = new ObjectStore({ historySize: options.historySize ?? 20_000 });
  store.registerTypes(resourceTypes);
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    store.create(RT.namespaces, { metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  }
  const clock = createClock(options.speed ?? 1);
  const registry = await startRegistry({ port: options.registryPort ?? 0, hosts: options.registryHosts ?? [] });
  const ctx: SimContext = { store, clock, events: createEventRecorder(store, clock), logs: new LogStore(), registry };
  const kafka = createKafkaSim(ctx);
  const runtimes = new ContainerRuntimes(ctx);
  const controllers: Controller[] = [runtimes, ...kubeletControllers(ctx, { ...(options.nodes ? { nodes: options.nodes } : {}), ...(options.maxPodsPerNode ? { maxPodsPerNode: options.maxPodsPerNode } : {}) }), ...workloadControllers(ctx), kafka];
  for (const c of controllers) c.start();

  const faults = new Faults();
  const tls = generateTls();
  const token = randomBytes(24).toString('hex');
  const api = createApiServer({ ctx, faults, tls, token, runtimes, ...(options.bookmarkIntervalMs ? { bookmarkIntervalMs: options.bookmarkIntervalMs } : {}) });
  const port = await api.listen(options.port ?? 0);
  const metrics = await startMetricsServer(() => kafka.metricsText(), options.metricsPort ?? 0);
  const url = `https://127.0.0.1:${port}`;
  let tempDir: string | undefined;
  let kubeconfigPath = options.kubeconfigPath;
  if (!kubeconfigPath) {
    tempDir = mkdtempSync(join(tmpdir(), 'kubesim-'));
    kubeconfigPath = join(tempDir, 'kubeconfig');
  }
  writeKubeconfig(kubeconfigPath, { server: url, caPem: tls.caPem, token, ...(options.contextName ? { contextName: options.contextName } : {}) });

  let stopped = false;
  return {
    url,
    kubeconfigPath,
    metricsUrl: `http://127.0.0.1:${metrics.port}/metrics`,
    registryUrl: registry.url,
    faults,
    ctx,
    token,
    caPem: tls.caPem,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const c of controllers) c.stop();
      clock.stopAll();
      metrics.server.closeAllConnections();
      await Promise.all([api.close(), registry.close(), new Promise<void>((r) => metrics.server.close(() => r())), runtimes.shutdown()]);
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
