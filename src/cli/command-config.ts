// The configuration every command reads, headless or not: the config file
// (--config, else the default path) refused when broken exactly as the
// cockpit refuses it, and the lag sources from --lag and the file — so
// preflight in CI judges with the settings the operator's cockpit uses.
import type { ParseArgsOptionsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import type { LagSource } from '../lag/types.js';
import { parseLagFlags } from './kube-flags.js';

/** parseArgs options for the config file and lag sources. */
export const configFlagOptions = {
  config: { type: 'string' },
  lag: { type: 'string', multiple: true },
} as const satisfies ParseArgsOptionsConfig;

/** The config and the lag sources a command works with. */
export interface CommandConfig {
  config: Config;
  /** --lag first, then the config file's lag.sources. */
  lagSources: LagSource[];
}

/** Reads the config file and the lag flags; a broken file or flag throws with one line naming it. */
export function commandConfig(flags: { config?: string; lag?: string[] }): CommandConfig {
  const config = loadConfig({ ...(flags.config ? { path: flags.config } : {}), env: process.env });
  return { config, lagSources: parseLagFlags([...(flags.lag ?? []), ...config.lag.sources]) };
}
