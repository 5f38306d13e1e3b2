// The kube/ layer's public API: connection, requests, supervised informers,
// log streams. Other folders import from here.
export { connect, checkReachable, type ConnectOptions, type ServerVersion } from './connection.js';
export { KubeError, type KubeErrorKind, type KubeErrorDetails } from './kube-error.js';
export { describeError, statusError, type ApiStatus } from './describe-error.js';
export { loadKubeconfig, kubeconfigFiles, type LoadedKubeconfig } from './load-kubeconfig.js';
export { Kubeconfig, type KubeCluster, type KubeContext, type KubeUser, type ExecConfig } from './kubeconfig.js';
export { apiUrl, getJson, listAll, openStream, sendJson, type ListResult, type OpenStream, type Query, type RequestOptions } from './request.js';
export { SupervisedInformer } from './informer.js';
export type { InformerOptions } from './informer-options.js';
export { Backoff, defaultBackoff, type BackoffOptions } from './backoff.js';
export { defaultTrim, identityOf } from './trim.js';
export { isNewerVersion } from './resource-version.js';
export { watchPaths, type WatchKey, type WatchTarget } from './watch-paths.js';
export { runWatch, type WatchEvent, type WatchEnd } from './watch-stream.js';
export { readLogTail, type LogTailRequest } from './read-log-tail.js';
export { followLogs, parseLogLine, type FollowLogsOptions, type LogLine, type LogStream } from './logs.js';
export { LogTail, type LogTailOptions, type TaggedLine } from './log-tail.js';
export { LineBuffer } from './line-buffer.js';
export { labelMatcher } from './label-selector.js';
export type { Connection, InformerSink, KubeObject, WatchState } from './types.js';
