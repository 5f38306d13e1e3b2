// kubesim's registry: the store, its HTTP server on loopback, the hosts it
// answers for, and the lookup the kubelet pulls through.
import type { AddressInfo } from 'node:net';
import { canonicalHost, createImageLookup, type ImageLookup } from './image-lookup.js';
import { createRegistryServer } from './registry-http.js';
import { RegistryStore } from './registry-store.js';

export type { ImageLookup } from './image-lookup.js';

/** A running registry. */
export interface SimRegistry {
  /** http://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT, as image references name it. */
  address: string;
  /** Every host whose images are looked up here: the address, localhost:PORT and the --registry-host names. */
  hosts: ReadonlySet<string>;
  store: RegistryStore;
  lookup(image: string): ImageLookup;
  close(): Promise<void>;
}

/** Starts the registry on 127.0.0.1 (port 0: a free one). */
export async function startRegistry(o: { port?: number; hosts?: readonly string[] } = {}): Promise<SimRegistry> {
  const store = new RegistryStore();
  const server = createRegistryServer(store);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const address = `127.0.0.1:${port}`;
  const hosts = new Set([address, `localhost:${port}`, ...(o.hosts ?? []).map(canonicalHost)]);
  const lookup = createImageLookup(store, () => hosts);
  return {
    url: `http://${address}`,
    address,
    hosts,
    store,
    lookup,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The lookup when no registry runs (controller tests): the shorthand alone. */
export const shorthandLookup = createImageLookup(new RegistryStore(), () => new Set());
