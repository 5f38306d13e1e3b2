// Shapes the kube/ layer hands to the rest of helmdeck: a resolved
// connection, and per-resource watch state for the panes to show.
import type { Kubeconfig } from './kubeconfig.js';

/** Where helmdeck is connected: the merged kubeconfig, resolved context and namespace. */
export interface Connection {
  kc: Kubeconfig;
  context: string;
  cluster: string;
  server: string;
  user: string;
  namespace: string;
  /** The kubeconfig files that were merged, in precedence order. */
  configFiles?: string[];
}

/** The health of one resource's watch, as the panes show it. */
export type WatchState =
  | { state: 'connecting'; since: number }
  | { state: 'live'; since: number }
  | { state: 'reconnecting'; since: number; error: string; attempt: number }
  | { state: 'forbidden'; since: number; message: string };

/** A plain Kubernetes object as it comes off the wire (trimmed). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    creationTimestamp?: string;
    deletionTimestamp?: string;
    generation?: number;
    [key: string]: unknown;
  };
  [key: string]: any;
}

/**
 * What a supervised informer reports to its owner. The informer diffs
 * relists against what it reported before, so the sink sees each real change
 * once: no duplicate adds after a restart, deletes for objects that vanished
 * while the watch was down.
 */
export interface InformerSink {
  upsert(obj: KubeObject): void;
  remove(obj: KubeObject): void;
  /** The first list completed: the cache holds the server's state. */
  synced(): void;
  state(s: WatchState): void;
}
