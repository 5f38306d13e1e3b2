// Finds the helm binary helmdeck runs, and checks it is new enough. The order
// is the operator's explicit choice first (--helm, then HELMDECK_HELM), then
// PATH, then the binary the project carries in .tools/bin (tests, demo).
// The binary found is asked its version once: Helm 2 would talk to Tiller
// and fail later with errors that name neither helm nor its version.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../package-root.js';

export { packageRoot } from '../package-root.js';

/** The message when no helm binary can be found anywhere. */
export const HELM_NOT_FOUND = 'helm not found: install Helm v3.x/v4 or pass --helm PATH (or set HELMDECK_HELM)';

/** Where to look for helm. */
export interface LocateHelmOptions {
  flag?: string;
  env?: Record<string, string | undefined>;
  cwd: string;
  /** The package whose .tools/bin/helm is the last resort; found from this file when omitted. */
  packageRoot?: string;
}

/**
 * Returns the absolute path of the helm binary to run; throws HELM_NOT_FOUND,
 * or a clear error when the binary cannot run or says it is older than v3.
 */
export function locateHelm(opts: LocateHelmOptions): string {
  const path = findHelm(opts);
  checkHelmVersionSync(path);
  return path;
}

function findHelm(opts: LocateHelmOptions): string {
  const env = opts.env ?? process.env;
  // An explicit choice that is wrong is an error, never a silent fallback to
  // another helm: the operator must run the binary they named.
  if (opts.flag !== undefined) return explicit(resolve(opts.cwd, opts.flag), '--helm');
  const fromEnv = env.HELMDECK_HELM;
  if (fromEnv) return explicit(resolve(opts.cwd, fromEnv), 'HELMDECK_HELM');
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory, as for the shell.
    const candidate = resolve(opts.cwd, dir, 'helm');
    if (isExecutableFile(candidate)) return candidate;
  }
  const bundled = join(opts.packageRoot ?? packageRoot(), '.tools', 'bin', 'helm');
  if (isExecutableFile(bundled)) return bundled;
  throw new Error(HELM_NOT_FOUND);
}

// Path and modification time → the version read, so each binary is asked once.
const checked = new Map<string, HelmVersion | null>();

/**
 * Like locateHelm, without blocking: the cockpit paints while helm starts
 * (its version takes as long to print as the cockpit to draw).
 */
export async function locateHelmAsync(opts: LocateHelmOptions): Promise<string> {
  const path = findHelm(opts);
  await checkHelmVersion(path);
  return path;
}

/**
 * Asks the binary its version (once per binary) and refuses one older than
 * v3 or one that cannot run at all. A binary that runs but prints no
 * version it understands is let through: helm's own errors will speak then.
 */
export function checkHelmVersionSync(path: string, timeoutMs = 10_000): HelmVersion | undefined {
  const key = versionKey(path);
  if (checked.has(key)) return checked.get(key) ?? undefined;
  const ask = (args: readonly string[]): Answer =>
    answer(path, timeoutMs, spawnSync(path, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] }));
  const first = ask(TEMPLATE_ARGS);
  const v = verdict(path, first, SEMVER.test(first.out) ? undefined : ask(SHORT_ARGS));
  checked.set(key, v ?? null);
  return v;
}

/** checkHelmVersionSync without blocking the event loop; the same answers and the same cache. */
export async function checkHelmVersion(path: string, timeoutMs = 10_000): Promise<HelmVersion | undefined> {
  const key = versionKey(path);
  if (checked.has(key)) return checked.get(key) ?? undefined;
  const ask = async (args: readonly string[]): Promise<Answer> => answer(path, timeoutMs, await spawnAsync(path, args, timeoutMs));
  const first = await ask(TEMPLATE_ARGS);
  const v = verdict(path, first, SEMVER.test(first.out) ? undefined : await ask(SHORT_ARGS));
  checked.set(key, v ?? null);
  return v;
}

const TEMPLATE_ARGS = ['version', '--template', '{{.Version}}'];
// Helm 2 has no {{.Version}}; its client-only short form still names the version.
const SHORT_ARGS = ['version', '--short', '--client'];

function versionKey(path: string): string {
  try {
    const st = statSync(path);
    return `${path}@${st.mtimeMs}:${st.size}`;
  } catch {
    // Reported by the run.
    return path;
  }
}

/** What one `helm version` run left, as spawnSync reports it. */
interface Ran {
  error?: Error;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Its output when it exited 0, else why it failed. */
interface Answer {
  out: string;
  failure: string;
}

function answer(path: string, timeoutMs: number, r: Ran): Answer {
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ETIMEDOUT') throw new Error(`helm at ${path} did not answer "helm version" within ${Math.round(timeoutMs / 1000)} s`);
    // "spawn PATH ENOENT" from either variant.
    const why = code === 'ENOEXEC' ? 'not a program for this machine (wrong architecture, or a script without #!)' : r.error.message.replace(/^spawnSync /, 'spawn ');
    throw new Error(`helm at ${path} cannot be run: ${why}`);
  }
  if (r.status === 0) return { out: String(r.stdout).trim(), failure: '' };
  return { out: '', failure: `exited ${r.status ?? r.signal}${firstLine(String(r.stderr)) ? `: ${firstLine(String(r.stderr))}` : ''}` };
}

function verdict(path: string, first: Answer, second: Answer | undefined): HelmVersion | undefined {
  // Neither form ran: not a working helm (a truncated download, a binary for another machine run through sh…).
  if (second && first.failure && second.failure) throw new Error(`helm at ${path} does not work: "helm version" ${first.failure}`);
  const v = parseVersion(second ? second.out : first.out);
  if (v && v.major < 3) throw new Error(tooOld(path, v));
  return v;
}

/** spawnSync's report (error ETIMEDOUT after SIGTERM on timeout) from an asynchronous spawn. */
function spawnAsync(path: string, args: readonly string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const settle = (r: Ran): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => settle({ error, status: null, signal: null, stdout, stderr }));
    child.on('close', (status, signal) =>
      settle(timedOut ? { error: Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), status, signal, stdout, stderr } : { status, signal, stdout, stderr }));
  });
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean)?.slice(0, 200) ?? '';
}

function parseVersion(text: string): HelmVersion | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  return { raw: m[0].startsWith('v') ? m[0] : `v${m[0]}`, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

function tooOld(path: string, v: HelmVersion): string {
  return `helm at ${path} is ${v.raw}: helmdeck needs Helm v3.x or v4 (pass --helm PATH or set HELMDECK_HELM to a newer one)`;
}

function explicit(path: string, from: string): string {
  if (!isExecutableFile(path)) throw new Error(`helm not found at ${path} (given by ${from}): no executable file there`);
  return path;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A parsed helm version. */
export interface HelmVersion {
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

const SEMVER = /v?(\d+)\.(\d+)\.(\d+)\S*/;

/** Runs `helm version` (argv, no shell) and returns its version; throws when older than v3.0. */
export async function helmVersion(path: string, opts: { timeoutMs?: number } = {}): Promise<HelmVersion> {
  const run = async (args: string[]): Promise<string> => {
    const r = await execa(path, args, { timeout: opts.timeoutMs ?? 10_000, stdin: 'ignore', reject: false });
    // No exit code: it never ran (missing, not executable) or timed out.
    if (r.exitCode === undefined) throw new Error(`could not run ${path} version: ${(r.shortMessage ?? 'it did not start').split('\n')[0]}`);
    return r.exitCode === 0 ? r.stdout.trim() : '';
  };
  let out = await run(['version', '--template', '{{.Version}}']);
  // Helm 2 has no {{.Version}} and asks Tiller for a server version; its
  // client-only short form still names the version, for a clear refusal.
  if (!SEMVER.test(out)) out = await run(['version', '--short', '--client']);
  const v = parseVersion(out);
  if (!v) throw new Error(`could not read the version of ${path} (it printed ${JSON.stringify(out.slice(0, 80))})`);
  if (v.major < 3) throw new Error(tooOld(path, v));
  return v;
}
