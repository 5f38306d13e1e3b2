// Label selector matching for pods an owner hands to LogTail (the API does
// this server-side for watches; here the owner may pass a whole namespace),
// and for checking a runbook's selector before anything runs: the shared
// grammar, so what is accepted here is what the API server accepts.
import { parseLabelSelector, SelectorError } from '../grammar/label-selector.js';

/** Compiles a label selector (=, ==, !=, in, notin, exists, !exists, gt, lt); an empty one matches everything. */
export function labelMatcher(selector: string | undefined): (labels: Record<string, string> | undefined) => boolean {
  try {
    return parseLabelSelector(selector ?? '');
  } catch (e) {
    if (e instanceof SelectorError) throw new Error(`invalid label selector "${selector}": ${e.message}`, { cause: e });
    throw e;
  }
}
