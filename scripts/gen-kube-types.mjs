// Regenerates src/sim/api/schema/kube-types.ts: for every kind kubesim
// serves, the Go structs behind it with each field's JSON name, protobuf field
// number, type and pointer/omitempty flags, read from the struct tags of
// k8s.io/api and k8s.io/apimachinery. One table feeds kubesim's protobuf
// decoder, its type checks on request bodies and its OpenAPI schemas, so the
// three cannot disagree with each other or with a real API server.
//
//   node scripts/gen-kube-types.mjs API_GIT_DIR APIMACHINERY_GIT_DIR [TAG]
//
// The git directories are clones (bare is fine) of kubernetes/api and
// kubernetes/apimachinery; TAG (default v0.35.2) matches the kubectl in .tools.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [apiDir, machineryDir, tag = 'v0.35.2'] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error('usage: node scripts/gen-kube-types.mjs API_GIT_DIR APIMACHINERY_GIT_DIR [TAG]');
  process.exit(2);
}

const repos = { 'k8s.io/api/': apiDir, 'k8s.io/apimachinery/': machineryDir };
const git = (dir, ...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

// The root kinds: what kubesim stores, plus the bodies it accepts on subresources and reviews.
const roots = [
  'core/v1.Namespace', 'core/v1.Node', 'core/v1.Pod', 'core/v1.Service', 'core/v1.Endpoints', 'core/v1.ConfigMap',
  'core/v1.Secret', 'core/v1.ServiceAccount', 'core/v1.PersistentVolumeClaim', 'core/v1.Event',
  'apps/v1.Deployment', 'apps/v1.ReplicaSet', 'apps/v1.StatefulSet', 'apps/v1.DaemonSet', 'apps/v1.ControllerRevision',
  'batch/v1.Job', 'batch/v1.CronJob', 'autoscaling/v2.HorizontalPodAutoscaler', 'autoscaling/v1.Scale',
  'policy/v1.PodDisruptionBudget', 'policy/v1.Eviction', 'networking/v1.Ingress',
  'rbac/v1.Role', 'rbac/v1.RoleBinding', 'rbac/v1.ClusterRole', 'rbac/v1.ClusterRoleBinding',
  'discovery/v1.EndpointSlice', 'coordination/v1.Lease', 'authorization/v1.SelfSubjectAccessReview', 'authentication/v1.SelfSubjectReview',
  'meta/v1.DeleteOptions',
];

// Types with their own JSON and protobuf forms, decoded by hand in kubesim.
const special = {
  'meta/v1.Time': 'Time', 'meta/v1.MicroTime': 'MicroTime', 'meta/v1.Duration': 'Duration', 'meta/v1.FieldsV1': 'FieldsV1',
  'util/intstr.IntOrString': 'IntOrString', 'api/resource.Quantity': 'Quantity', 'runtime.RawExtension': 'RawExtension',
};
const basics = new Set(['string', 'bool', 'int32', 'int64', 'float64', 'byte']);

// Go import path → short package key ("k8s.io/api/core/v1" → "core/v1").
function pkgKey(path) {
  for (const prefix of Object.keys(repos)) if (path.startsWith(prefix)) return path.slice(prefix.length).replace(/^pkg\/(apis\/)?/, '');
  return path;
}
function pkgDir(key) {
  if (key === 'meta/v1') return [machineryDir, 'pkg/apis/meta/v1'];
  if (key === 'types') return [machineryDir, 'pkg/types'];
  return [apiDir, key];
}

const packages = new Map();
// Parses a package's declarations: structs (fields with tags) and named types.
function load(key) {
  if (packages.has(key)) return packages.get(key);
  const [dir, path] = pkgDir(key);
  const pkg = { key, name: path.split('/').pop(), structs: new Map(), named: new Map(), files: [] };
  packages.set(key, pkg);
  const files = git(dir, 'ls-tree', '--name-only', `${tag}:${path}`).split('\n')
    .filter((f) => f.endsWith('.go') && !/_test\.go$|^generated|^zz_|_fuzz\.go$/.test(f));
  for (const f of files) {
    const src = git(dir, 'show', `${tag}:${path}/${f}`);
    const imports = new Map();
    for (const m of src.matchAll(/^\s*(\w+\s+)?"([^"]+)"\s*$/gm)) {
      const p = m[2];
      imports.set(m[1] ? m[1].trim() : p.split('/').pop(), pkgKey(p));
    }
    let current;
    let markers = [];
    for (const line of src.split('\n')) {
      const marker = line.match(/^\t\/\/ \+(listType|listMapKey)=(\S+)/);
      if (marker) markers.push([marker[1], marker[2]]);
      else if (!line.trim()) markers = [];
      const t = line.match(/^type (\w+) struct \{/);
      if (t) {
        current = { go: t[1], fields: [], imports };
        pkg.structs.set(t[1], current);
        continue;
      }
      if (current && line === '}') {
        current = undefined;
        continue;
      }
      const named = line.match(/^type (\w+) =?\s*(\S.*)$/);
      if (named && !current) {
        pkg.named.set(named[1], { expr: named[2].trim(), imports });
        continue;
      }
      if (!current) continue;
      const field = line.match(/^\t(\w+)\s+([^\s`]+)\s+`([^`]*)`/);
      const embedded = line.match(/^\t(\*?[\w.]+)\s+`([^`]*)`/);
      if (field) current.fields.push({ goName: field[1], expr: field[2], tag: field[3], markers });
      else if (embedded) current.fields.push({ goName: '', expr: embedded[1], tag: embedded[2], markers });
      if (field || embedded) markers = [];
    }
  }
  return pkg;
}

function tagValue(tag, key) {
  const m = tag.match(new RegExp(`(?:^|\\s)${key}:"([^"]*)"`));
  return m ? m[1] : undefined;
}

const out = {};
const queue = [...roots];

// Resolves a Go type expression to kubesim's type notation and Go's own spelling of it.
function resolve(expr, pkg, imports) {
  if (expr.startsWith('*')) return resolve(expr.slice(1), pkg, imports);
  if (expr === '[]byte') return { t: 'bytes', g: '[]uint8' };
  if (expr.startsWith('[]')) {
    const el = resolve(expr.slice(2), pkg, imports);
    return { t: ['[]', el.t], g: `[]${el.g}` };
  }
  const map = expr.match(/^map\[([^\]]+)\](.+)$/);
  if (map) {
    const k = resolve(map[1], pkg, imports);
    const v = resolve(map[2], pkg, imports);
    return { t: ['map', v.t], g: `map[${k.g}]${v.g}` };
  }
  if (basics.has(expr)) return { t: expr === 'byte' ? 'int32' : expr, g: expr };
  let key = pkg.key;
  let name = expr;
  if (expr.includes('.')) {
    const [alias, n] = expr.split('.');
    key = imports.get(alias) ?? alias;
    name = n;
  }
  const qualified = `${key}.${name}`;
  if (special[qualified]) return { t: special[qualified], g: `${key.split('/').pop()}.${name}` };
  const target = load(key);
  const goName = `${target.name}.${name}`;
  if (target.structs.has(name)) {
    if (!out[qualified] && !queue.includes(qualified)) queue.push(qualified);
    return { t: `#${qualified}`, g: goName };
  }
  const alias = target.named.get(name);
  if (alias) {
    const under = resolve(alias.expr, target, alias.imports);
    return { t: under.t, g: typeof under.t === 'string' && !under.t.startsWith('#') ? goName : under.g };
  }
  throw new Error(`cannot resolve Go type ${expr} in ${pkg.key}`);
}

while (queue.length) {
  const qualified = queue.shift();
  if (out[qualified]) continue;
  const dot = qualified.lastIndexOf('.');
  const pkg = load(qualified.slice(0, dot));
  const struct = pkg.structs.get(qualified.slice(dot + 1));
  if (!struct) throw new Error(`no struct ${qualified}`);
  const fields = [];
  out[qualified] = { go: struct.go, fields };
  for (const f of struct.fields) {
    const json = tagValue(f.tag, 'json');
    if (json === '-') continue;
    const [jsonName = '', ...opts] = (json ?? '').split(',');
    const pb = tagValue(f.tag, 'protobuf');
    const no = pb ? Number(pb.split(',')[1]) : 0;
    const inline = opts.includes('inline') || (!f.goName && !jsonName);
    if (inline && /(^|\.)TypeMeta$/.test(f.expr)) {
      fields.push(['apiVersion', 0, 'string', 'o', 'string'], ['kind', 0, 'string', 'o', 'string']);
      continue;
    }
    const type = resolve(f.expr, pkg, struct.imports);
    const flags = `${f.expr.startsWith('*') ? 'p' : ''}${opts.includes('omitempty') || opts.includes('omitzero') ? 'o' : ''}${inline ? 'i' : ''}`;
    // Go names the field by its JSON name; an embedded struct by its type.
    const entry = [inline ? '' : jsonName || f.goName, no, type.t, flags, type.g];
    // How clients merge the field: strategic-merge tags, and the list markers server-side apply reads.
    const list = {};
    const strategy = tagValue(f.tag, 'patchStrategy');
    const mergeKey = tagValue(f.tag, 'patchMergeKey');
    if (strategy) list.patchStrategy = strategy;
    if (mergeKey) list.patchMergeKey = mergeKey;
    for (const [k, v] of f.markers) {
      if (k === 'listType') list.listType = v;
      else (list.listMapKeys ??= []).push(v);
    }
    if (Object.keys(list).length) entry.push(list);
    fields.push(entry);
  }
}

const header = `// Generated by scripts/gen-kube-types.mjs from the struct tags of k8s.io/api and
// k8s.io/apimachinery ${tag}; do not edit. See schema/types.ts for the notation.
import type { StructDef } from './types.js';

export const source = ${JSON.stringify(tag)};

export const structs: Record<string, StructDef> = `;
const body = '{\n' + Object.entries(out).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join('\n') + '\n};\n';
writeFileSync(new URL('../src/sim/api/schema/kube-types.ts', import.meta.url), header + body);
console.log(`${Object.keys(out).length} structs`);
