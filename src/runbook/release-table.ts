// The runbook keys above the steps: the top level, each release, its
// `upgrade:` and `rollback:` maps. Like the step table, read by the loader
// for the keys it accepts and by reference.ts for the documentation.
import type { FieldSpec } from './field-spec.js';
import { DEFAULT_UPGRADE_FLAGS } from './upgrade-flags.js';

/** The keys of one release (the whole file in a single-release runbook, each `releases:` entry otherwise). */
export const RELEASE_FIELDS: readonly FieldSpec[] = [
  { key: 'release', type: 'name', max: 53, required: true, doc: 'The Helm release name.' },
  { key: 'namespace', type: 'name', max: 63, default: 'default', defaultDoc: 'the top-level `namespace`, else `default`', doc: "The release's namespace." },
  { key: 'chart', type: 'text', required: true, doc: 'Chart path, `repo/name` or `oci://` reference, as helm takes it (paths relative to the working directory).' },
  { key: 'version', type: 'text', doc: "Chart version (`--version`); the command line's `--version` replaces it.", defaultDoc: "helm's choice (the newest)" },
  { key: 'values', type: 'strings', default: [], doc: "Values files (`-f`) in order, later files winning; the command line's `-f` files come after these." },
  { key: 'set', type: 'string-map', doc: "`--set KEY=VALUE` pairs (`{ global.imageTag: 0.4.0 }`); the command line's `--set` wins for the same key.", defaultDoc: '`{}`' },
  { key: 'preflight', type: 'steps', default: [], doc: 'Steps before the upgrade: checks, manual steps, backups. A failed required step blocks the upgrade.' },
  { key: 'upgrade', type: 'section', doc: 'How `helm upgrade` runs (see "upgrade").' },
  { key: 'verify', type: 'steps', default: [], doc: 'Steps after the upgrade: rollout, endpoints, logs, lag.' },
  { key: 'rollback', type: 'section', doc: 'What the operator reads before rolling back (see "rollback").' },
];

/** The keys of `upgrade:`. */
export const UPGRADE_FIELDS: readonly FieldSpec[] = [
  {
    key: 'flags', type: 'argv', min: 0, default: DEFAULT_UPGRADE_FLAGS,
    doc: 'Extra `helm upgrade` flags, one list item per word. `-n`, `-f`, `--set`, `--version`, `--kube-context` and `--kubeconfig` are not allowed here: they come from the runbook keys and helmdeck\'s own options.',
  },
  {
    key: 'timeout', type: 'duration',
    doc: 'Helm\'s `--timeout`; added to the flags when they have none (give it in one place only).',
    defaultDoc: "the flags' `--timeout`, else helm's `5m`",
  },
  {
    key: 'observe', type: 'duration', default: '2m',
    doc: 'How long verify watches the new revision after helm returns (after a rollback too): a restart, a non-zero exit, a pod turning NotReady or waiting in CrashLoopBackOff, ImagePullBackOff, OOMKilled… fails verify at once; the rollout must still be complete at the end.',
  },
  {
    key: 'on-verify-failure', type: 'enum', values: ['stop', 'rollback'],
    doc: 'Headless, after a failed verify: `stop` prints the exact rollback command and exits 1; `rollback` runs it, verifies the rolled-back revision the same way, and exits 1. The cockpit always asks (R).',
    defaultDoc: '`rollback` when the flags have `--rollback-on-failure` (or `--atomic`), else `stop`',
  },
];

/** The keys of `rollback:`. */
export const ROLLBACK_FIELDS: readonly FieldSpec[] = [
  { key: 'notes', type: 'strings', default: [], doc: 'Shown in the rollback confirmation (one string or a list): what a rollback does not undo, what to restore.' },
  {
    key: 'migrations', type: 'enum', values: ['forward-only', 'reversible'],
    doc: '`forward-only`: database migrations are not undone by a rollback; the history pane warns when the revisions rolled back over ran migrations.',
    defaultDoc: 'not stated (no warning)',
  },
];

/** The keys of a multi-release runbook's top level. */
export const TOP_FIELDS: readonly FieldSpec[] = [
  { key: 'releases', type: 'releases', required: true, doc: 'Releases upgraded one after another, in the order listed (e.g. platform, then data, then services).' },
  { key: 'namespace', type: 'name', max: 63, default: 'default', doc: "The namespace of every release that names none." },
];
