// Memoisation for selectors a pane calls every frame. The store replaces a
// Map only when it changes, so "same input references" means "same answer":
// comparing dependencies by identity is both cheap and exact, and a cached
// result keeps its own identity, which is what useStore needs to skip a render.

/**
 * Wraps `compute` so that, per key, it reruns only when one of `deps` changed
 * identity since the last call with that key. At most `maxKeys` keys are
 * remembered (oldest forgotten first), so arbitrary keys cannot grow memory.
 */
export function memoByKey<A extends unknown[], R>(
  key: (...args: A) => string,
  deps: (...args: A) => readonly unknown[],
  compute: (...args: A) => R,
  maxKeys = 64,
): (...args: A) => R {
  const cache = new Map<string, { deps: readonly unknown[]; value: R }>();
  return (...args: A) => {
    const k = key(...args);
    const d = deps(...args);
    const hit = cache.get(k);
    if (hit && hit.deps.length === d.length && hit.deps.every((v, i) => Object.is(v, d[i]))) return hit.value;
    const value = compute(...args);
    rememberBounded(cache, k, { deps: d, value }, maxKeys);
    return value;
  };
}

/** Sets `key` as the newest entry of `cache`, forgetting the oldest beyond `maxKeys`. */
export function rememberBounded<V>(cache: Map<string, V>, key: string, value: V, maxKeys = 64): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > maxKeys) cache.delete(cache.keys().next().value as string);
}

/** Caches one derived value per object (e.g. a Map's values as an array); collected with the object. */
export function memoByRef<T extends object, R>(compute: (input: T) => R): (input: T) => R {
  const cache = new WeakMap<T, R>();
  return (input) => {
    if (cache.has(input)) return cache.get(input) as R;
    const value = compute(input);
    cache.set(input, value);
    return value;
  };
}
