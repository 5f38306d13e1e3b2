// The operator's registry credentials, found as the docker CLI finds them:
// $DOCKER_CONFIG/config.json (else ~/.docker/config.json) — a credential
// helper named for the host in `credHelpers`, else the `credsStore` helper,
// else the base64 `auth` (or username/password) under `auths`. Helpers speak
// the docker-credential-helpers protocol: `docker-credential-NAME get`, the
// server URL on stdin, `{"Username","Secret"}` on stdout. Secrets stay in
// memory; only where they came from is ever shown.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** A username and password (or token) for one registry, and where it came from. */
export interface RegistryCredential {
  username: string;
  password: string;
  /** "auths in ~/.docker/config.json", "docker-credential-pass": for evidence, never the secret. */
  source: string;
}

/** Docker Hub's key in config.json and its helpers. */
const HUB_SERVER = 'https://index.docker.io/v1/';
const HUB_NAMES = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** The config file the docker CLI would read. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

/** A config key or server URL reduced to the host it means ("https://index.docker.io/v1/" → docker.io). */
export function credentialHost(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return HUB_NAMES.includes(host) ? 'docker.io' : host;
}

/** The credential for a registry host, or undefined when none is configured. Throws when a configured helper fails. */
export async function dockerCredential(host: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryCredential | undefined> {
  const file = dockerConfigPath(env);
  let doc: { auths?: Record<string, any>; credHelpers?: Record<string, string>; credsStore?: string };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
  const want = credentialHost(host);
  const helper = Object.entries(doc.credHelpers ?? {}).find(([k]) => credentialHost(k) === want)?.[1] ?? doc.credsStore;
  if (helper) return fromHelper(helper, want, env);
  const entry = Object.entries(doc.auths ?? {}).find(([k]) => credentialHost(k) === want)?.[1];
  if (!entry) return undefined;
  const source = `auths in ${file}`;
  if (typeof entry.auth === 'string' && entry.auth) {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) throw new Error(`${file}: auths.${host}.auth is not base64 of USER:PASSWORD`);
    return { username: text.slice(0, colon), password: text.slice(colon + 1), source };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password, source };
  return undefined;
}

async function fromHelper(helper: string, host: string, env: NodeJS.ProcessEnv): Promise<RegistryCredential | undefined> {
  const program = `docker-credential-${helper}`;
  const server = host === 'docker.io' ? HUB_SERVER : host;
  const r = await execa(program, ['get'], { input: server, env, extendEnv: false, reject: false, timeout: 10_000 });
  const out = String(r.stdout ?? '').trim();
  // The protocol's answer for a host the helper has nothing for.
  if (r.exitCode !== 0 && /credentials not found/i.test(`${out} ${String(r.stderr ?? '')}`)) return undefined;
  if (r.exitCode !== 0) throw new Error(`${program} get failed: ${r.exitCode === undefined ? r.shortMessage : `exit ${r.exitCode}`}`);
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(out) as typeof answer;
  } catch {
    throw new Error(`${program} get answered with something that is not JSON`);
  }
  if (typeof answer.Username !== 'string' || typeof answer.Secret !== 'string') throw new Error(`${program} get gave no Username and Secret`);
  return { username: answer.Username, password: answer.Secret, source: program };
}
