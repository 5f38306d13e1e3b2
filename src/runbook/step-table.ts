// The one table of runbook step kinds: the keys every step takes, the
// manual/run/http/logs forms, and the checks (check-table.ts). read-step.ts
// validates against it and reference.ts documents it, so the two cannot
// drift apart.
import { CHECK_TABLE } from './check-table.js';
import type { FieldSpec } from './field-spec.js';
import type { FieldValues, StepForm, StepSpec } from './step-spec.js';

const s = (v: FieldValues, k: string) => v[k] as string;
const opt = (v: FieldValues, k: string) => v[k] as string | undefined;

/** The keys any step may carry besides its kind's own. */
export const COMMON_FIELDS: readonly FieldSpec[] = [
  { key: 'id', type: 'id', doc: 'Stable id in the checklist and the journal; unique in the runbook.', defaultDoc: '`SECTION.N.KIND` (e.g. `preflight.3.pods-healthy`; `RELEASE.` in front when the runbook has several releases)' },
  { key: 'title', type: 'text', doc: 'What the checklist shows.', defaultDoc: 'made from the kind and its fields' },
  { key: 'required', type: 'bool', default: true, doc: 'A failed required step is a gate: it blocks the upgrade unless the operator overrides it with a typed reason (journaled). `false` makes a failure a warning. Manual steps are always required.' },
];

const MANUAL: StepSpec = {
  kind: 'manual', form: 'manual',
  fields: [
    { key: 'manual', type: 'text', required: true, doc: 'The instruction, shown until the operator confirms it with a key.' },
    { key: 'link', type: 'url', doc: 'A page to open (release notes, backup guide).' },
  ],
  doc: 'Something only a person can do or judge; the checklist waits for a key, and the confirmation is journaled.',
  replaces: '"review the release notes", "schedule a maintenance window", "test in staging first"',
  title: (v) => s(v, 'manual'),
  build: (b, v) => ({ ...b, kind: 'manual', text: s(v, 'manual'), link: opt(v, 'link') }),
  example: '- manual: Review the release notes for the target version\n  link: https://example.invalid/release-notes',
};

const RUN: StepSpec = {
  kind: 'run', form: 'run',
  fields: [
    { key: 'run', type: 'text', required: true, doc: 'What the command is for, shown in the checklist and journal.' },
    { key: 'command', type: 'argv', required: true, doc: 'The program and its arguments, one list item each; run without a shell (no pipes, `>` or `$(...)`); `{date}`, `{time}`, `{window}`, `{release}` and `{revision}` are filled in. Exit status 0 passes.' },
    { key: 'timeout', type: 'duration', default: '10m', doc: 'After this long the command and everything it started get SIGTERM, then SIGKILL 5 s later if still running, and the step fails.' },
    { key: 'save', type: 'save-path', doc: "Writes the command's standard output to this file (a backup, `helm get values`), relative to the working directory, mode 0600, never overwriting a file; `{date}` (YYYY-MM-DD) and `{time}` (HHMMSS) are when the window opened, in UTC, `{window}` both (YYYYMMDD-HHMMSS: a same-day retry gets its own file), `{revision}` the deployed revision." },
    { key: 'env', type: 'string-map', doc: 'Extra environment variables for the command.' },
  ],
  doc: 'Runs a command (a backup, `vault status`, a smoke test) and gates on its exit status.',
  replaces: '`pg_dump ... > backup.sql`, `helm get values ... > values.yaml`, `kubectl exec ... -- vault status`, `curl -X POST ...`',
  title: (v) => s(v, 'run'),
  build: (b, v) => ({ ...b, kind: 'run', command: v.command as string[], timeoutMs: v.timeout as number, save: opt(v, 'save'), env: v.env as Record<string, string> | undefined }),
  example: '- run: Back up the database\n  command: [kubectl, exec, -n, watchlight, sts/beacon-postgresql, --, pg_dump, -U, beacon, -d, beacon]\n  save: backups/beacon-{window}.sql',
};

/** Methods an http step may send; only the last four carry a body. */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const httpMethod = (v: FieldValues) => (v.method as string | undefined) ?? (v.body !== undefined ? 'POST' : 'GET');

const HTTP: StepSpec = {
  kind: 'http', form: 'http',
  fields: [
    { key: 'http', type: 'url', required: true, doc: 'The URL to request. A host `NAME.NAMESPACE.svc[.cluster.local][:PORT]` is a Service inside the cluster: the request goes through the API server\'s service proxy with your kubeconfig credentials (needs `get` on `services/proxy`), as `kubectl port-forward` and `curl` would, no ingress needed.' },
    { key: 'method', type: 'enum', values: HTTP_METHODS, defaultDoc: '`GET`; `POST` when `body` is given (as `curl -d`)', doc: 'The HTTP method.' },
    { key: 'body', type: 'text', doc: 'The request body a POST, PUT, PATCH or DELETE sends (e.g. a JSON test event); sent as `application/json` when it parses as JSON, unless `headers` say otherwise.' },
    { key: 'headers', type: 'string-map', doc: 'Extra request headers (`Content-Type`, an API key).' },
    { key: 'expect', type: 'int', min: 100, max: 599, default: 200, doc: 'The status code that passes.' },
    { key: 'match', type: 'regex', doc: 'The response body must match this.' },
    { key: 'json', type: 'json-fields', doc: 'The body is JSON and each `field.path` (`a.b`, `items.0.name`) equals the value given.' },
    { key: 'timeout', type: 'duration', default: '10s', doc: 'How long the request may take.' },
    { key: 'insecure', type: 'bool', default: false, doc: 'Accept a TLS certificate that does not verify (a staging host).' },
  ],
  rule: (v) =>
    v.body !== undefined && (v.method === 'GET' || v.method === 'HEAD')
      ? `body is what the request sends, and a ${String(v.method)} sends none: give method: POST (or PUT, PATCH, DELETE); to check the answer's body use match:`
      : undefined,
  doc: 'Requests a URL — on the internet or a Service inside the cluster — and checks the status, and optionally the body and JSON fields.',
  replaces: '`curl -sf https://HOST/ready`, `curl https://HOST/license` and reading its fields, `kubectl port-forward svc/NAME` + `curl`, `curl -X POST -d \'{...}\'`',
  title: (v) => `${httpMethod(v)} ${s(v, 'http')} → ${String(v.expect)}`,
  build: (b, v) => ({
    ...b, kind: 'http', url: s(v, 'http'), method: httpMethod(v), requestBody: opt(v, 'body'), headers: v.headers as Record<string, string> | undefined,
    expect: v.expect as number, bodyMatch: opt(v, 'match'),
    jsonFields: v.json as Record<string, unknown> | undefined, timeoutMs: v.timeout as number, insecure: v.insecure === true,
  }),
  example: "- http: http://datafly-api.datafly.svc:8080/v1/t\n  method: POST\n  body: '{\"type\": \"track\", \"event\": \"helmdeck upgrade check\"}'\n  expect: 202\n  json: { accepted: true }",
};

const LOGS: StepSpec = {
  kind: 'logs', form: 'logs', nested: true,
  fields: [
    { key: 'selector', type: 'selector', required: true, doc: 'Label selector of the pods whose logs are read (new pods included as they start).' },
    { key: 'match', type: 'regex', doc: 'A line matching this must appear within `within` (e.g. `applied \\d+ migrations`).' },
    { key: 'fail-on', type: 'regex', doc: 'A line matching this fails the step at once (e.g. `migration failed`).' },
    { key: 'within', type: 'duration', default: '5m', doc: 'How long to wait for `match`; with only `fail-on`, how long to watch.' },
    { key: 'container', type: 'name', max: 63, doc: 'Only this container (an init container such as `migrate` too).', defaultDoc: 'every container' },
  ],
  rule: (v) => (v.match === undefined && v['fail-on'] === undefined ? 'give match (a line that must appear), fail-on (a line that must not), or both' : undefined),
  doc: 'Asserts on the pods\' log lines: a line that must appear, and/or a line that must not.',
  replaces: '`kubectl logs -l ... | grep "applied N migrations"`, "check the logs for errors"',
  title: (v) => `Logs of ${s(v, 'selector')}${v.match !== undefined ? ` show /${s(v, 'match')}/` : ''}${v['fail-on'] !== undefined ? `${v.match !== undefined ? ',' : ''} no /${s(v, 'fail-on')}/` : ''}`,
  build: (b, v) => ({
    ...b, kind: 'logs', selector: s(v, 'selector'), match: opt(v, 'match'), failOn: opt(v, 'fail-on'),
    withinMs: v.within as number, container: opt(v, 'container'),
  }),
  example: "- logs: { selector: app.kubernetes.io/name=wl-registry, match: 'applied \\d+ migrations', within: 5m }",
};

/** Every step kind, in the order the reference lists them. */
export const STEP_TABLE: readonly StepSpec[] = [MANUAL, ...CHECK_TABLE, RUN, HTTP, LOGS];

/** The keys a step can start with. */
export const STEP_FORMS: readonly StepForm[] = ['manual', 'check', 'run', 'http', 'logs'];

/** The kinds `check:` accepts. */
export const CHECK_KINDS: readonly string[] = CHECK_TABLE.map((c) => c.kind);

/** The row for a step: by its form, and for `check` by the kind named. */
export function stepSpec(form: StepForm, checkKind?: string): StepSpec | undefined {
  if (form === 'check') return CHECK_TABLE.find((c) => c.kind === checkKind);
  return STEP_TABLE.find((r) => r.form === form);
}
