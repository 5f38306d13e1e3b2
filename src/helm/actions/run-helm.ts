// Runs the real helm binary (execa, argv, no shell), streaming its output
// line by line into the screen while it runs. Helm is never SIGKILLed: a
// killed helm leaves its release in pending-upgrade, which blocks every later
// upgrade until someone repairs it by hand. SIGINT (and SIGTERM) make helm
// cancel its context and record the revision as failed instead.
// Helm must also outlive helmdeck: it runs in its own process group (a
// closed terminal's SIGHUP reaches helmdeck, which forwards SIGINT, not helm,
// which would die of it) and writes into files helmdeck follows, not pipes (a
// helmdeck that crashed would otherwise kill helm with SIGPIPE mid-upgrade).
import { mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa, type Options } from 'execa';
import { DEFAULT_GRACE_MS } from '../../proc/bounded-run.js';
import { killOnExit, stopGroup } from '../../proc/process-group.js';

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
  /**
   * A helm that changes nothing (a dry run, template, show): it dies with
   * helmdeck, and an abort stops it with SIGTERM then SIGKILL. Only the
   * upgrade's and rollback's own helm keep their independence.
   */
  disposable?: boolean;
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
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-helm-'));
  const files = { stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr') };
  const follow = { stdout: new FileFollower(files.stdout, 'stdout', opts.onLine), stderr: new FileFollower(files.stderr, 'stderr', opts.onLine) };
  // Raw descriptors, handed to helm itself: execa's { file } targets are written by this process, through a pipe.
  // (execa's types list only descriptors 1–9; any open one is passed to spawn() unchanged.)
  const fds = { stdout: openSync(files.stdout, 'w', 0o600) as 9, stderr: openSync(files.stderr, 'w', 0o600) as 9 };
  const options: Options = {
    shell: false,
    env: opts.env,
    extendEnv: true,
    stdin: 'ignore',
    stdout: fds.stdout,
    stderr: fds.stderr,
    detached: true,
    reject: false,
    // execa's default answer to a helm that outlives kill() is SIGKILL after
    // 5 s; that is the one signal helm cannot turn into a "failed" record.
    forceKillAfterDelay: false,
    killSignal: 'SIGTERM',
    // helmdeck may exit while helm finishes its work; helm must not keep the event loop waiting for nothing.
    cleanup: false,
  };
  const subprocess = execa(helmPath, argv, options);
  closeSync(fds.stdout);
  closeSync(fds.stderr);
  const poll = setInterval(() => {
    follow.stdout.read();
    follow.stderr.read();
  }, 100);

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
  const undoExitKill = opts.disposable ? killOnExit(subprocess.pid) : () => undefined;
  const onAbort = (): void => {
    if (!opts.disposable) return interrupt();
    if (exited || subprocess.pid === undefined) return;
    interrupted = true;
    void stopGroup(subprocess.pid, subprocess.then(() => undefined, () => undefined), DEFAULT_GRACE_MS);
  };
  if (opts.signal?.aborted) queueMicrotask(onAbort);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  const done = subprocess.then((r) => {
    exited = true;
    undoExitKill();
    clearTimeout(escalation);
    clearInterval(poll);
    opts.signal?.removeEventListener('abort', onAbort);
    const stdout = follow.stdout.finish();
    const stderr = follow.stderr.finish();
    rmSync(dir, { recursive: true, force: true });
    const result: HelmRunResult = {
      exitCode: r.exitCode,
      signal: r.signal,
      durationMs: Math.round(performance.now() - started),
      stdout,
      stderr,
      interrupted,
    };
    // No exit code and no signal: the binary never ran (missing, not executable).
    if (r.failed && r.exitCode === undefined && r.signal === undefined) result.spawnError = (r.shortMessage ?? 'helm did not start').split('\n')[0];
    return result;
  });
  return Object.assign(done, { pid: subprocess.pid, interrupt });
}

// Reads what helm appended to one output file since the last read and hands
// on complete lines; keeps the whole text for the result.
class FileFollower {
  private fd: number | undefined;
  private offset = 0;
  private partial = '';
  private readonly chunks: Buffer[] = [];
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly path: string,
    private readonly stream: HelmStream,
    private readonly onLine: RunHelmOptions['onLine'],
  ) {}

  read(): void {
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch {
        return; // not created yet
      }
    }
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(this.fd, buf, 0, buf.length, this.offset);
      if (n <= 0) break;
      this.offset += n;
      const chunk = Buffer.from(buf.subarray(0, n));
      this.chunks.push(chunk);
      const text = this.partial + this.decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const l of lines) this.onLine?.(this.stream, l.replace(/\r$/, ''));
    }
  }

  /** The last read, the last partial line, and the whole output (without its final newline). */
  finish(): string {
    this.read();
    if (this.partial) this.onLine?.(this.stream, this.partial);
    this.partial = '';
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    return Buffer.concat(this.chunks).toString('utf8').replace(/\r?\n$/, '');
  }
}
