// Splits a release manifest (helm's multi-document YAML, each document headed
// by a `# Source: chart/templates/x.yaml` comment) into Kubernetes objects,
// and picks out what the cockpit follows: workloads and container images.
import { parse } from 'yaml';

/** One object of a rendered manifest. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The template it was rendered from ('' when the document had no `# Source:`). */
  source: string;
  /** The hook events when the object is a hook (as in `helm template` output). */
  hook?: string[];
  object: Record<string, unknown>;
}

/** A container image used by a pod template of the manifest. */
export interface ImageRef {
  image: string;
  container: string;
  init: boolean;
  kind: string;
  name: string;
}

/** The kinds the Rollout and HPA panes follow. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Service',
]);

// A document starts at a `---` line at column 0 (YAML: a marker there ends a
// document even inside a block scalar, so splitting on lines is exact).
const DOC_MARKER = /^---(?:[ \t].*)?$/;
const SOURCE = /^# Source: (.+?)\s*$/m;

/** Parses a rendered manifest into its objects; throws naming the template on bad YAML. */
export function parseManifest(manifest: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  let docIndex = 0;
  for (const doc of splitDocuments(manifest)) {
    docIndex++;
    const source = SOURCE.exec(doc)?.[1] ?? '';
    const where = `manifest document ${docIndex}${source ? ` (${source})` : ''}`;
    let value: unknown;
    try {
      // YAML 1.1 is what Kubernetes' Go YAML reads (0644 is octal, yes is
      // true); duplicate keys are accepted (last wins) as helm accepted them;
      // warnings must never print into the terminal UI.
      value = parse(doc, { version: '1.1', uniqueKeys: false, logLevel: 'error' });
    } catch (e) {
      throw new Error(`${where}: invalid YAML: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
    if (value === null || value === undefined) continue; // a template that rendered nothing
    if (!isObject(value)) throw new Error(`${where}: not a Kubernetes object`);
    // kind: List (and FooList) bundles objects; each counts on its own.
    const items = typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) out.push(toObject(item, source, where));
  }
  return out;
}

function splitDocuments(manifest: string): string[] {
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of manifest.split(/\r?\n/)) {
    if (DOC_MARKER.test(line)) {
      docs.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  docs.push(current.join('\n'));
  return docs.filter((d) => d.trim() !== '');
}

function toObject(value: unknown, source: string, where: string): ManifestObject {
  if (!isObject(value)) throw new Error(`${where}: not a Kubernetes object`);
  const meta = isObject(value.metadata) ? value.metadata : {};
  const { apiVersion, kind } = value;
  const name = meta.name;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') {
    throw new Error(`${where}: missing apiVersion, kind or metadata.name`);
  }
  const obj: ManifestObject = { apiVersion, kind, name, source, object: value };
  if (typeof meta.namespace === 'string' && meta.namespace) obj.namespace = meta.namespace;
  const annotations = isObject(meta.annotations) ? meta.annotations : {};
  const hook = annotations['helm.sh/hook'];
  if (typeof hook === 'string' && hook.trim()) obj.hook = hook.split(',').map((s) => s.trim()).filter(Boolean);
  return obj;
}

/** The objects whose kind the cockpit watches (workloads, HPAs, PDBs, Services). */
export function workloadsOf(objects: ManifestObject[]): ManifestObject[] {
  return objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
}

/** Every container and initContainer image of every pod template, in manifest order. */
export function imagesOf(objects: ManifestObject[]): ImageRef[] {
  const out: ImageRef[] = [];
  for (const o of objects) {
    const pod = podSpecOf(o);
    if (!pod) continue;
    for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
      const list = pod[field];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (isObject(c) && typeof c.image === 'string' && c.image) {
          out.push({ image: c.image, container: typeof c.name === 'string' ? c.name : '', init, kind: o.kind, name: o.name });
        }
      }
    }
  }
  return out;
}

// Where each kind keeps its pod template.
function podSpecOf(o: ManifestObject): Record<string, unknown> | undefined {
  const path: Record<string, string[]> = {
    Pod: ['spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  };
  let node: unknown = o.object;
  for (const key of path[o.kind] ?? ['spec', 'template', 'spec']) {
    node = isObject(node) ? node[key] : undefined;
  }
  return isObject(node) ? node : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
