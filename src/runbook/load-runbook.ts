// Loads a runbook file: YAML with line numbers (config/yaml-source.ts), then
// the whole document validated against the schema tables before anything is
// returned. Nothing half-runs: one RunbookError lists every problem as
// FILE:LINE:COL: path: reason, or the caller gets a complete Runbook.
import { isMap, isSeq, type Node } from 'yaml';
import { ConfigError, formatPosition, joinPath } from '../config/config-error.js';
import { describe, readMap } from '../config/yaml-schema.js';
import { YamlSource, displayPath } from '../config/yaml-source.js';
import { Issues } from './issues.js';
import { readField } from './read-field.js';
import { readRelease } from './read-release.js';
import type { ReadStep } from './read-step.js';
import { RELEASE_FIELDS, TOP_FIELDS } from './release-table.js';
import { RunbookError, runbookError } from './runbook-error.js';
import type { ReleasePlan, Runbook } from './types.js';

/** One release as read, with where it is written. */
type Read = { plan?: ReleasePlan; steps: ReadStep[]; at: Node };

const START = 'start with release: NAME and chart: CHART (or releases: [...] for several)';

/** Reads and validates a runbook file; throws RunbookError (and only that) when it is missing or invalid. */
export function loadRunbook(file: string): Runbook {
  let src: YamlSource | null;
  try {
    src = YamlSource.read(file);
  } catch (err) {
    if (err instanceof ConfigError) throw new RunbookError(err.file, [err]);
    throw err;
  }
  if (!src) throw runbookError(displayPath(file), 0, 0, '', 'runbook file not found');
  return validate(src);
}

/** Validates runbook text; `file` names it in messages. Throws RunbookError with every problem. */
export function parseRunbook(text: string, file: string): Runbook {
  let src: YamlSource;
  try {
    src = YamlSource.parse(text, file);
  } catch (err) {
    // After a syntax error the rest of the document cannot be trusted: report just that.
    if (err instanceof ConfigError) throw new RunbookError(file, [err]);
    throw err;
  }
  return validate(src);
}

function validate(src: YamlSource): Runbook {
  const issues = new Issues(src);
  const root = issues.attempt(() => src.root);
  if (root === null) throw runbookError(src.file, 0, 0, '', `the runbook is empty; ${START}`);
  if (root === undefined || !isMap(root)) {
    if (root !== undefined) issues.add(root, '', `expected a map of keys (${START}), got ${describe(root)}`);
    throw new RunbookError(src.file, issues.list);
  }
  const top = issues.attempt(() => readMap(src, root, '', null)) ?? [];
  const releaseKeys = RELEASE_FIELDS.map((f) => f.key);
  const reads: Read[] = [];
  const list = top.find((e) => e.key === 'releases');
  if (!list) {
    reads.push({ ...readRelease(issues, root, '', { prefixIds: false, unknown: { near: ['releases'] } }, top), at: root });
  } else {
    const entries = issues.known(top, TOP_FIELDS.map((f) => f.key), {
      explain: (key) => (releaseKeys.includes(key) ? `${key} goes inside each entry of releases (this runbook lists several releases)` : undefined),
    });
    const nsEntry = entries.find((e) => e.key === 'namespace');
    const shared = nsEntry ? (readField(issues, TOP_FIELDS.find((f) => f.key === 'namespace')!, nsEntry) as string | undefined) : undefined;
    const items = issues.items(list.value, list.at, list.path, 'a list of releases') ?? [];
    if (items.length === 0 && isSeq(list.value)) issues.add(list.at, list.path, 'lists no release');
    for (const item of items) reads.push({ ...readRelease(issues, item.node, item.path, { sharedNamespace: shared, prefixIds: true }), at: item.at });
  }
  checkDuplicates(issues, reads);
  if (issues.list.length) throw new RunbookError(src.file, issues.list);
  return { file: src.file, releases: reads.map((r) => r.plan!) };
}

/** Step ids key results in the checklist and journal, so they are unique across the runbook; a release is upgraded once. */
function checkDuplicates(issues: Issues, reads: Read[]): void {
  const ids = new Map<string, string>();
  for (const r of reads.flatMap((x) => x.steps)) {
    const first = ids.get(r.step.id);
    if (first) issues.add(r.idAt, r.idPath, `duplicate step id "${r.step.id}" (first used at ${first}); ids must be unique in the runbook`);
    else ids.set(r.step.id, formatPosition(issues.src.position(r.idAt)));
  }
  const releases = new Set<string>();
  reads.forEach((r, i) => {
    if (!r.plan) return;
    const key = `${r.plan.namespace}/${r.plan.release}`;
    if (releases.has(key)) issues.add(r.at, joinPath(joinPath('releases', i), 'release'), `release ${r.plan.release} in namespace ${r.plan.namespace} is listed twice`);
    releases.add(key);
  });
}
