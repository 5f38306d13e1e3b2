// The user's config file (~/.config/helmdeck/config.yaml): theme, per-context
// settings, which contexts count as production, key overrides, log buffer,
// lag defaults and registry mirrors. Validated strictly; a missing file means the defaults.
import os from 'node:os';
import path from 'node:path';
import { parseLagSource } from '../lag/parse-source.js';
import { ConfigError, type SourcePosition } from './config-error.js';
import { parseDuration } from '../grammar/duration.js';
import { readRegistries, type RegistryHosts } from './read-registries.js';
import { YamlSource, displayPath } from './yaml-source.js';
import { readBool, readInt, readMap, readString, readStringList, type MapEntry } from './yaml-schema.js';

/** Whether a context is production (re-exported: it reads a Config). */
export { isProductionContext } from './is-production-context.js';

/** Settings for one kube context, keyed by its name in the kubeconfig. */
export interface ContextSettings {
  theme?: string;
  /** Overrides productionPattern for this context, either way. */
  production?: boolean;
}

/** Consumer-lag defaults; a runbook's own lag check wins over these. */
export interface LagSettings {
  /** SOURCE=URL specs, e.g. prometheus=http://127.0.0.1:9090 (checked by parseLagSource). */
  sources: string[];
  maxLag?: number;
  samples?: number;
  windowMs?: number;
}

/** The loaded configuration: file values over defaults, plus where each value came from. */
export interface Config {
  /** The file looked at, as messages show it. */
  file: string;
  /** Whether that file existed (false: everything is a default). */
  exists: boolean;
  theme?: string;
  contexts: Record<string, ContextSettings>;
  /** Matched case-insensitively against the context name. */
  productionPattern: RegExp;
  /** Command id → keys, replacing that command's default keys; validated by buildKeymap. */
  keys: Record<string, string[]>;
  logs: { bufferLines: number };
  lag: LagSettings;
  /** Registry host → mirror and TLS settings, for images-exist. */
  registries: RegistryHosts;
  /** The window lock and mirror in the cluster. */
  share: ShareSettings;
  /** Key path ("keys.helm.rollback[1]") → where its value is, so later checks can point at the line. */
  origins: ReadonlyMap<string, SourcePosition>;
}

/**
 * Context names with prod, production or prd as a word part (eu-prod-1,
 * gke_proj_zone_prod, prd.cluster, arn:…:cluster/prod). "non-prod" and
 * "pre-prod" are excluded: a red banner on every staging context teaches
 * people to ignore the red banner.
 */
export const DEFAULT_PRODUCTION_PATTERN = '(^|[-_.:/])(?<!(non|pre)[-_.:/])(prod|production|prd)($|[-_.:/0-9])';

/** Limits for logs.bufferLines: below 100 a crash loop's output does not fit; above 100k memory budgets break. */
export const BUFFER_LINES = { default: 5000, min: 100, max: 100_000 } as const;

/** The window lock (a Lease per release) and the window's mirror (ConfigMaps) in the release's namespace. */
export interface ShareSettings {
  /** false: no Lease, no mirror (clusters where operators may not write them). */
  enabled: boolean;
  /** How long a Lease outlives its last renewal (renewed every third of it). */
  leaseSeconds: number;
  /** Windows of a release kept in the cluster, the running one included. */
  keepWindows: number;
}

/** Defaults and limits of the share settings. */
export const SHARE = { leaseSeconds: { default: 30, min: 2, max: 3600 }, keepWindows: { default: 10, min: 1, max: 1000 } } as const;

/** The configuration when no file exists. */
export function defaultConfig(file = ''): Config {
  return {
    file, exists: false, contexts: {}, keys: {}, origins: new Map(),
    productionPattern: new RegExp(DEFAULT_PRODUCTION_PATTERN, 'i'),
    logs: { bufferLines: BUFFER_LINES.default },
    lag: { sources: [] },
    registries: {},
    share: { enabled: true, leaseSeconds: SHARE.leaseSeconds.default, keepWindows: SHARE.keepWindows.default },
  };
}

/** Where the config file is by default: $XDG_CONFIG_HOME/helmdeck/config.yaml, else ~/.config/helmdeck/config.yaml. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'helmdeck', 'config.yaml');
}

/** Loads the config; a missing default file gives the defaults, a missing explicit path is an error. */
export function loadConfig(opts: { path?: string; env: NodeJS.ProcessEnv }): Config {
  const file = opts.path ?? defaultConfigPath(opts.env);
  const src = YamlSource.read(file);
  if (!src) {
    if (opts.path !== undefined) throw new ConfigError({ file: displayPath(file), line: 0, column: 0 }, '', 'config file not found');
    return defaultConfig(displayPath(file));
  }
  return parseConfig(src);
}

/** Validates a parsed config document (loadConfig's second half; tests call it on text). */
export function parseConfig(src: YamlSource): Config {
  const cfg = defaultConfig(src.file);
  cfg.exists = true;
  const origins = new Map<string, SourcePosition>();
  const note = (e: MapEntry): MapEntry => (origins.set(e.path, src.position(e.at)), e);
  const root = src.root;
  if (root === null) return { ...cfg, origins };
  for (const e of readMap(src, root, '', ['theme', 'contexts', 'productionPattern', 'keys', 'logs', 'lag', 'registries', 'share']).map(note)) {
    switch (e.key) {
      case 'theme':
        cfg.theme = readString(src, e);
        break;
      case 'contexts':
        for (const c of readMap(src, e.value, e.path, null).map(note)) {
          const settings: ContextSettings = {};
          for (const s of readMap(src, c.value, c.path, ['theme', 'production']).map(note)) {
            if (s.key === 'theme') settings.theme = readString(src, s);
            else settings.production = readBool(src, s);
          }
          cfg.contexts[c.key] = settings;
        }
        break;
      case 'productionPattern': {
        const source = readString(src, e);
        try {
          cfg.productionPattern = new RegExp(source, 'i');
        } catch (err) {
          throw src.error(e.at, e.path, `not a valid regular expression: ${(err as Error).message}`);
        }
        break;
      }
      case 'keys':
        for (const k of readMap(src, e.value, e.path, null).map(note)) {
          const items = readStringList(src, k);
          for (const item of items) origins.set(item.path, src.position(item.node));
          cfg.keys[k.key] = items.map((i) => i.value);
        }
        break;
      case 'logs':
        for (const l of readMap(src, e.value, e.path, ['bufferLines']).map(note)) {
          cfg.logs.bufferLines = readInt(src, l, BUFFER_LINES.min, BUFFER_LINES.max);
        }
        break;
      case 'lag':
        readLag(src, e, cfg.lag, note);
        break;
      case 'registries':
        cfg.registries = readRegistries(src, e, note);
        break;
      case 'share':
        for (const l of readMap(src, e.value, e.path, ['enabled', 'leaseSeconds', 'keepWindows']).map(note)) {
          if (l.key === 'enabled') cfg.share.enabled = readBool(src, l);
          else if (l.key === 'leaseSeconds') cfg.share.leaseSeconds = readInt(src, l, SHARE.leaseSeconds.min, SHARE.leaseSeconds.max);
          else cfg.share.keepWindows = readInt(src, l, SHARE.keepWindows.min, SHARE.keepWindows.max);
        }
        break;
    }
  }
  return { ...cfg, origins };
}

function readLag(src: YamlSource, e: MapEntry, lag: LagSettings, note: (e: MapEntry) => MapEntry): void {
  for (const l of readMap(src, e.value, e.path, ['sources', 'maxLag', 'samples', 'window']).map(note)) {
    if (l.key === 'sources') {
      lag.sources = readStringList(src, l).map((item) => {
        try {
          parseLagSource(item.value); // builds nothing that does I/O; same rules as --lag-source
        } catch (err) {
          throw src.error(item.node, item.path, (err as Error).message);
        }
        return item.value;
      });
    } else if (l.key === 'maxLag') lag.maxLag = readInt(src, l, 0, Number.MAX_SAFE_INTEGER);
    else if (l.key === 'samples') lag.samples = readInt(src, l, 1, 1000);
    else {
      const ms = parseDuration(readString(src, l));
      if (ms === undefined || ms < 1000) throw src.error(l.at, l.path, `expected a duration of at least 1s such as 30s, 5m or 1h30m`);
      lag.windowMs = ms;
    }
  }
}

/** A ConfigError pointing at the config line a key path came from (for checks done after loading). */
export function configError(config: Pick<Config, 'file' | 'origins'>, keyPath: string, reason: string): ConfigError {
  return new ConfigError(config.origins.get(keyPath) ?? { file: config.file, line: 0, column: 0 }, keyPath, reason);
}
