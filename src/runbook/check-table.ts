// The `- check: KIND` steps: one entry per built-in check with its fields,
// what it replaces in a hand-run runbook, its default title and how its Step
// is built. Part of the one schema table (step-table.ts) that both validates
// runbooks and generates their reference.
import type { StepSpec } from './step-spec.js';
import type { Step } from './types.js';

const s = (v: Readonly<Record<string, unknown>>, k: string) => v[k] as string;
const list = (v: Readonly<Record<string, unknown>>, k: string) => (v[k] as string[] | undefined) ?? [];
const num = (v: Readonly<Record<string, unknown>>, k: string) => v[k] as number;

/** Every `check:` kind, in the order the reference lists them. */
export const CHECK_TABLE: readonly StepSpec[] = [
  {
    kind: 'release-settled', form: 'check', fields: [],
    doc: "The release's latest revision is `deployed` and no revision is `pending-install`, `pending-upgrade` or `pending-rollback` (a stuck release is explained with its recovery, never deleted).",
    replaces: '`helm list`, `helm history RELEASE`',
    title: () => 'Release settled (latest revision deployed, nothing pending)',
    build: (b) => ({ ...b, kind: 'release-settled' }),
    example: '- check: release-settled',
  },
  {
    kind: 'pods-healthy', form: 'check',
    fields: [{ key: 'selector', type: 'selector', doc: 'Only the pods this label selector matches.', defaultDoc: "the release's pods" }],
    doc: 'Every pod is Running and Ready; none in CrashLoopBackOff, ImagePullBackOff, OOMKilled or Unschedulable.',
    replaces: '`kubectl get pods -n NS`',
    title: (v) => `Pods healthy${v.selector ? ` (${s(v, 'selector')})` : ''}`,
    build: (b, v) => ({ ...b, kind: 'pods-healthy', selector: v.selector as string | undefined }),
    example: '- check: pods-healthy\n  selector: app.kubernetes.io/instance=beacon',
  },
  {
    kind: 'hpa-valid', form: 'check', fields: [],
    doc: 'Every HorizontalPodAutoscaler of the release reads its metrics (no `<unknown>` targets) and is not pinned at maxReplicas.',
    replaces: '`kubectl get hpa`, `kubectl describe hpa NAME`',
    title: () => 'HPAs valid (metrics known, not pinned at max)',
    build: (b) => ({ ...b, kind: 'hpa-valid' }),
    example: '- check: hpa-valid',
  },
  {
    kind: 'pdb', form: 'check', fields: [],
    doc: "PodDisruptionBudgets covering the release's pods allow a disruption, so a rolling update keeps serving.",
    replaces: '"PodDisruptionBudgets are enabled (zero-downtime upgrades)"',
    title: () => 'PodDisruptionBudgets allow a rolling update',
    build: (b) => ({ ...b, kind: 'pdb' }),
    example: '- check: pdb',
  },
  {
    kind: 'consumer-lag', form: 'check',
    fields: [
      { key: 'source', type: 'lag-source', doc: 'Where lag is read: `{ prometheus: URL }`, `{ exporter: URL }` (a kafka_exporter /metrics) or `{ burrow: URL }`.' },
      { key: 'sources', type: 'lag-sources', doc: 'Several sources as `SOURCE=URL` (instead of `source`).', defaultDoc: "the config file's `lag.sources` and `--lag`" },
      { key: 'groups', type: 'strings', default: [], doc: 'Consumer groups that must be caught up.', defaultDoc: 'every group the source reports' },
      { key: 'max', type: 'int', min: 0, required: true, doc: 'Largest lag (messages) a partition may have.' },
      { key: 'samples', type: 'int', min: 1, max: 100, default: 3, doc: 'Consecutive readings within budget needed.' },
      { key: 'window', type: 'duration', default: '5m', doc: 'Only readings this recent count.' },
    ],
    rule: (v) => (v.source !== undefined && v.sources !== undefined ? 'give source or sources, not both' : undefined),
    doc: "Kafka consumers are caught up: every partition's lag known and ≤ `max` for `samples` readings in `window`, not rising, and the group has members (a source's own OK is not enough).",
    replaces: 'Kafka UI / CLI / Prometheus consumer-lag checks',
    title: (v) => `Consumer lag ≤ ${num(v, 'max')}${list(v, 'groups').length ? ` (${list(v, 'groups').join(', ')})` : ''}`,
    build: (b, v) => ({
      ...b, kind: 'consumer-lag', sources: v.source !== undefined ? [s(v, 'source')] : list(v, 'sources'),
      groups: list(v, 'groups'), maxLag: num(v, 'max'), samples: num(v, 'samples'), windowMs: num(v, 'window'),
    }),
    example: '- check: consumer-lag\n  source: { prometheus: http://127.0.0.1:9090 }\n  groups: [event-processor]\n  max: 100',
  },
  {
    kind: 'images-exist', form: 'check',
    fields: [{ key: 'insecure-registries', type: 'strings', doc: 'Registries (host[:port]) reached over plain HTTP or with unverified TLS.', defaultDoc: 'none' }],
    doc: 'Every image in the manifest this upgrade would install exists in its registry — an ImagePullBackOff found before the window, not during it. Asked as a container runtime asks (the config file\'s `registries` mirrors, your docker credentials): NOT FOUND and unauthorized fail, an unreachable registry skips.',
    replaces: '"confirm the target image tag exists in the registry"',
    title: () => 'Images of the new manifest exist',
    build: (b, v) => ({ ...b, kind: 'images-exist', insecureRegistries: v['insecure-registries'] as string[] | undefined }),
    example: '- check: images-exist',
  },
  {
    kind: 'secret-present', form: 'check',
    fields: [
      { key: 'name', type: 'name', required: true, doc: "The Secret's name in the release's namespace." },
      { key: 'keys', type: 'strings', default: [], doc: 'Keys the Secret must hold (their values are never shown or journaled).' },
    ],
    doc: 'A Secret exists and holds the listed keys.',
    replaces: '"check that the DSN secret is present"',
    title: (v) => `Secret ${s(v, 'name')} present${list(v, 'keys').length ? ` with ${list(v, 'keys').join(', ')}` : ''}`,
    build: (b, v) => ({ ...b, kind: 'secret-present', name: s(v, 'name'), keys: list(v, 'keys') }),
    example: '- check: secret-present\n  name: app-postgres-dsn\n  keys: [DSN]',
  },
  {
    kind: 'diff', form: 'check', fields: [], only: 'preflight',
    doc: 'Values and manifest diff between the deployed revision and what this upgrade would install, for review (no helm-diff plugin needed).',
    replaces: '`helm diff upgrade ...`, `helm show values` + `diff`',
    title: () => 'Diff against the deployed revision',
    build: (b) => ({ ...b, kind: 'diff' }),
    example: '- check: diff',
  },
  {
    kind: 'version-policy', form: 'check', only: 'preflight',
    fields: [
      { key: 'allow', type: 'enum', values: ['patch', 'minor', 'major'], default: 'minor', doc: 'The largest semver step allowed from the deployed chart version.' },
      { key: 'allow-downgrade', type: 'bool', default: false, doc: 'Whether a lower version than the deployed one may be installed.' },
    ],
    doc: 'The chart version change is at most `allow` and, unless `allow-downgrade`, not a downgrade. Versions are read as Helm reads them (`1.2` is 1.2.0); a range given as the version (`^1.2`) is reported, not judged.',
    replaces: 'version-policy tables ("major versions require migration steps", "downgrading is not supported")',
    title: (v) => `Version change at most ${s(v, 'allow')}${v['allow-downgrade'] ? '' : ', no downgrade'}`,
    build: (b, v) => ({ ...b, kind: 'version-policy', allow: s(v, 'allow') as Extract<Step, { kind: 'version-policy' }>['allow'], allowDowngrade: v['allow-downgrade'] === true }),
    example: '- check: version-policy\n  allow: minor',
  },
  {
    kind: 'rollout-complete', form: 'check',
    fields: [{ key: 'timeout', type: 'duration', default: '10m', doc: 'How long the workloads may take to converge.' }],
    doc: 'Every workload of the release converged: observedGeneration current, replicas updated, ready and available, no old pods left, no ProgressDeadlineExceeded; blocking pods are named with their reason.',
    replaces: '`kubectl rollout status deployment/NAME`, `kubectl wait --for=condition=ready pod -l ...`',
    title: () => 'Rollout complete',
    build: (b, v) => ({ ...b, kind: 'rollout-complete', timeoutMs: num(v, 'timeout') }),
    example: '- check: rollout-complete\n  timeout: 5m',
  },
  {
    kind: 'helm-test', form: 'check',
    fields: [{ key: 'timeout', type: 'duration', default: '5m', doc: "How long the chart's test hooks may run." }],
    doc: "Runs the chart's test hooks (`helm test RELEASE`).",
    replaces: '`helm test RELEASE`',
    title: () => 'helm test passes',
    build: (b, v) => ({ ...b, kind: 'helm-test', timeoutMs: num(v, 'timeout') }),
    example: '- check: helm-test',
  },
];
