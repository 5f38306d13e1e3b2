// Finds the helm binary helmdeck runs, and checks it is new enough. The order
// is the operator's explicit choice first (--helm, then HELMDECK_HELM), then
// PATH, then the binary the project carries in .tools/bin (tests, demo).
// The binary found is asked its version once: Helm 2 would talk to Tiller
// and fail later with errors that name neither helm nor its version.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../package-root.js';

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
 * Asynchronous, so the cockpit paints while helm answers its version.
 */
export async function locateHelm(opts: LocateHelmOptions): Promise<string> {
  const path = findHelm(opts);
  await checkHelmVersion(path);
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
 * Asks the binary its version (once per binary) and refuses one older than
 * v3, one that cannot run at all, and one that prints no version it
 * understands (not helm).
 */
export async function checkHelmVersion(path: string, timeoutMs = 10_000): Promise<HelmVersion | undefined> {
  const key = versionKey(path);
  if (checked.has(key)) return checked.get(key) ?? undefined;
  const first = await ask(path, TEMPLATE_ARGS, timeoutMs);
  const second = SEMVER.test(first.out) ? undefined : await ask(path, SHORT_ARGS, timeoutMs);
  // Neither form ran: not a working helm (a truncated download, a binary for another machine run through sh…).
  if (second && first.failure && second.failure) throw new Error(`helm at ${path} does not work: "helm version" ${first.failure}`);
  const v = parseVersion(second ? second.out : first.out);
  // /bin/true, a wrapper that prints nothing: not a helm whose output the diff and the journal could trust.
  if (!v) throw new Error(`helm at ${path} is not helm: "helm version" printed no version${first.out || second?.out ? ` ("${firstLine(second?.out || first.out)}")` : ''} (pass --helm PATH or set HELMDECK_HELM to Helm v3 or v4)`);
  if (v.major < 3) throw new Error(tooOld(path, v));
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

/** Its output when it exited 0, else why it failed. */
interface Answer {
  out: string;
  failure: string;
}

async function ask(path: string, args: readonly string[], timeoutMs: number): Promise<Answer> {
  const r = await execa(path, args, { timeout: timeoutMs, stdin: 'ignore', reject: false });
  if (r.timedOut) throw new Error(`helm at ${path} did not answer "helm version" within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
  // No exit code and no signal: it never started (missing, not executable, not a program).
  if (r.exitCode === undefined && r.signal === undefined) {
    const cause = r.cause as NodeJS.ErrnoException | undefined;
    const why = cause?.code === 'ENOEXEC' ? 'not a program for this machine (wrong architecture, or a script without #!)' : (cause?.message ?? r.shortMessage);
    throw new Error(`helm at ${path} cannot be run: ${why}`);
  }
  if (r.exitCode === 0) return { out: r.stdout.trim(), failure: '' };
  return { out: '', failure: `exited ${r.exitCode ?? r.signal}${firstLine(r.stderr) ? `: ${firstLine(r.stderr)}` : ''}` };
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
