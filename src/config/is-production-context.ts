// Whether a kube context is production, which turns on the loud banner and
// the stricter confirmations. An explicit per-context setting always wins,
// so a misfiring pattern can be corrected either way without editing it.
import type { Config } from './config.js';

/** True when contexts[name].production says so, else when productionPattern matches the name. */
export function isProductionContext(config: Pick<Config, 'contexts' | 'productionPattern'>, contextName: string): boolean {
  const explicit = Object.hasOwn(config.contexts, contextName) ? config.contexts[contextName]?.production : undefined;
  if (explicit !== undefined) return explicit;
  config.productionPattern.lastIndex = 0; // a user's /g pattern must not make .test() stateful
  return config.productionPattern.test(contextName);
}
