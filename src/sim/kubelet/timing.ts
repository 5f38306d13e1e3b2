// How long the simulated container runtime takes for each step, and the
// kubelet's back-off constants, all in simulated milliseconds (the clock
// divides them by its speed).

/** Simulated durations of the runtime's steps (ms). */
export const TIMING = {
  /** Pulling an image the node does not have yet. */
  pull: 800,
  /** From "image present" to the container running. */
  create: 100,
  /** How long ErrImagePull shows before the kubelet reports ImagePullBackOff. */
  errImagePullShown: 1000,
  /** Retry of a container blocked on a missing ConfigMap/Secret. */
  configRetry: 5000,
  /** How long a crashed container shows Error before CrashLoopBackOff. */
  errorShown: 500,
  /** The first restart is not backed off, but takes a sync loop. */
  firstRestart: 1000,
  /** Crash-loop and image-pull back-off: 10s doubling to 5m, reset after 10m running. */
  backoffInitial: 10_000,
  backoffMax: 300_000,
  backoffReset: 600_000,
  /** A running container's "kubesim: heartbeat" log line. */
  heartbeat: 30_000,
};

/** Go's time.Duration.String() for whole seconds ("10s", "1m20s", "5m0s"). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}
