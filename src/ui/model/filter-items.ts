// The `/` filter: case-insensitive substring over each row's search text.
// The result is cached per rows array and filter, so the pane and the key
// dispatcher agree on (and share) the same filtered array.
import type { Item } from './pane-query.js';

const cache = new WeakMap<readonly Item[], { filter: string; rows: readonly Item[] }>();

/** The rows whose search text contains `filter` (all rows when it is empty). */
export function filterItems<T extends Item>(rows: readonly T[], filter: string | undefined): readonly T[] {
  const f = (filter ?? '').trim().toLowerCase();
  if (!f) return rows;
  const hit = cache.get(rows);
  if (hit && hit.filter === f) return hit.rows as readonly T[];
  const out = rows.filter((r) => r.search.includes(f));
  cache.set(rows, { filter: f, rows: out });
  return out;
}
