// How a YAML scalar reads when the runbook wants text: argv items, --set
// values, env values and chart versions are strings to helm and to execa, but
// operators write `5432`, `true` and `1.10` unquoted.
import { isScalar, type Node } from 'yaml';

/**
 * The text of a scalar as the operator wrote it: a string, or a plain number
 * or boolean by its source (`5432` stays "5432", `1.10` stays "1.10"), so
 * argv and --set values need no quoting. Undefined for anything else.
 */
export function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return node.source ?? String(v);
  return undefined;
}
