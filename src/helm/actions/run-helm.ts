// Runs the real helm binary (execa, argv, no shell), streaming its output
// line by line into the screen while it runs. Helm is never SIGKILLed: a
// killed helm leaves its release in pending-upgrade, which blocks every later
// upgrade until someone repairs it by hand. SIGINT (and SIGTERM) make helm
// cancel its context and record the revision as failed instead.
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';

/** Which of helm's streams a line came from. */
export type HelmStream = 'stdout' | 'stderr';

/** How to run helm. */
export interface RunHelmOptions {
  /** Variables added to helmdeck's environment (KUBECONFIG, HELM_*…). */
  env?: Record<string, string>;
  /** Called for each complete line as helm prints it (without the newline). */
  onLine?: (stream: HelmStream, line: string) => void;
  /** Aborting it interrupts helm exactly as interrupt() does. */
  signal?: AbortSignal;
  /** How long helm has after SIGINT before it also gets SIGTERM (default 30 s). */
  graceMs?: number;
}

/** How a helm run ended. */
export interface HelmRunResult {
  /** Undefined when helm did not exit by itself (killed by a signal, or never started). */
  exitCode: number | undefined;
  signal: string | undefined;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** True when interrupt() (or the abort signal) was used. */
  interrupted: boolean;
  /** Why helm could not be started, when it could not. */
  spawnError?: string;
}

/** A running helm: await it for the result; interrupt() asks helm to stop. */
export type HelmRun = Promise<HelmRunResult> & {
  pid: number | undefined;
  /** SIGINT now, SIGTERM after the grace period (or at once on a second call); never SIGKILL. */
  interrupt(): void;
};

/** Starts `helmPath argv…` and streams its lines; never rejects. */
export function runHelm(helmPath: string, argv: readonly string[], opts: RunHelmOptions = {}): HelmRun {
  const started = performance.now();
  const line = (stream: HelmStream) =>
    function* (chunk: string) {
      opts.onLine?.(stream, chunk);
      yield chunk;
    };
  const subprocess = execa(helmPath, argv, {
    shell: false,
    env: opts.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: line('stdout'),
    stderr: line('stderr'),
    reject: false,
    // execa's default answer to a helm that outlives kill() is SIGKILL after
    // 5 s; that is the one signal helm cannot turn into a "failed" record.
    forceKillAfterDelay: false,
    killSignal: 'SIGTERM',
    stripFinalNewline: true,
  });

  let interrupted = false;
  let exited = false;
  let escalation: NodeJS.Timeout | undefined;
  const interrupt = (): void => {
    if (exited) return;
    if (interrupted) {
      clearTimeout(escalation);
      subprocess.kill('SIGTERM');
      return;
    }
    interrupted = true;
    subprocess.kill('SIGINT');
    escalation = setTimeout(() => {
      if (!exited) subprocess.kill('SIGTERM');
    }, opts.graceMs ?? 30_000);
    escalation.unref();
  };
  const onAbort = (): void => interrupt();
  if (opts.signal?.aborted) queueMicrotask(onAbort);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  const done = subprocess.then((r) => {
    exited = true;
    clearTimeout(escalation);
    opts.signal?.removeEventListener('abort', onAbort);
    const result: HelmRunResult = {
      exitCode: r.exitCode,
      signal: r.signal,
      durationMs: Math.round(performance.now() - started),
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      interrupted,
    };
    // No exit code and no signal: the binary never ran (missing, not executable).
    if (r.failed && r.exitCode === undefined && r.signal === undefined) result.spawnError = (r.shortMessage ?? 'helm did not start').split('\n')[0];
    return result;
  });
  return Object.assign(done, { pid: subprocess.pid, interrupt });
}
