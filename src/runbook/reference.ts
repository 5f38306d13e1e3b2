// The runbook reference in Markdown (for the README and `helmdeck runbook
// reference`), generated from the schema tables the loader validates with —
// a key the docs show is a key the loader accepts, with the same default.
import { defaultLabel, typeLabel, type FieldSpec } from './field-spec.js';
import { RELEASE_FIELDS, ROLLBACK_FIELDS, TOP_FIELDS, UPGRADE_FIELDS } from './release-table.js';
import type { StepSpec } from './step-spec.js';
import { COMMON_FIELDS, STEP_FORMS, STEP_TABLE } from './step-table.js';

const INTRO = `A runbook is a YAML file given to \`helmdeck upgrade RELEASE CHART --runbook FILE\` (and \`helmdeck preflight\`).
\`helmdeck runbook check FILE\` validates it without touching a cluster. The whole file is checked before
anything runs; every problem is reported at once as \`FILE:LINE:COLUMN: path.to.key: reason\`, unknown keys
included (with a "did you mean" for near misses).

- **Durations** are written with a unit: \`500ms\`, \`30s\`, \`5m\`, \`1h30m\` (a bare number is refused).
- **Regular expressions** use JavaScript syntax and are compiled when the runbook loads; quote them with
  single quotes in YAML (\`'applied \\d+ migrations'\`); for case-insensitive parts write \`(?i:...)\`.
- **Commands** are lists of arguments, run without a shell: no pipes, \`>\` or \`$(...)\`; use \`save:\` to keep
  a command's output.
- **Paths** (chart, values, save) are taken as helm takes them: relative to the directory helmdeck runs in.
- **Command line**: \`-f\` files are added after the runbook's \`values\` (later files win), \`--set\` wins over
  \`set\` for the same key, \`--version\` and CHART replace \`version\` and \`chart\`.`;

const SINGLE = `release: beacon
namespace: watchlight
chart: ./deploy/helm/watchlight-beacon
values: [your-values.yaml]
preflight:
  - check: release-settled
  - check: diff
verify:
  - check: rollout-complete`;

const MULTI = `namespace: kleidia            # shared by every release that names none
releases:                      # upgraded in this order
  - release: kleidia-platform
    chart: ./helm/kleidia-platform
  - release: kleidia-data
    chart: ./helm/kleidia-data`;

/** The whole reference: layout, release keys, upgrade/rollback keys, then one section per step kind. */
export function runbookReferenceMarkdown(): string {
  const out: string[] = ['## Runbook reference', '', INTRO, ''];
  out.push('### Layout', '', 'One release:', '', fence(SINGLE), '', 'Several releases, upgraded in order:', '', fence(MULTI), '');
  out.push('### Release keys', '', table(RELEASE_FIELDS), '');
  out.push('### `upgrade`', '', table(UPGRADE_FIELDS), '');
  out.push('### `rollback`', '', table(ROLLBACK_FIELDS), '');
  out.push('### Top level of a multi-release runbook', '', table(TOP_FIELDS), '');
  out.push('### Steps', '');
  out.push(`\`preflight\` and \`verify\` are lists of steps. Each step starts with one of ${STEP_FORMS.map((f) => `\`${f}\``).join(', ')}; these keys may be added to any step:`, '');
  out.push(table(COMMON_FIELDS), '');
  out.push('| Step | What it does | Replaces |', '|---|---|---|');
  for (const s of STEP_TABLE) out.push(`| ${heading(s)} | ${cell(s.doc)} | ${cell(s.replaces)} |`);
  out.push('');
  for (const s of STEP_TABLE) out.push(...stepSection(s));
  return out.join('\n').trimEnd() + '\n';
}

function stepSection(s: StepSpec): string[] {
  const out = [`#### ${heading(s)}`, '', s.doc, '', `Replaces: ${s.replaces}.`];
  if (s.only) out.push('', `Only in \`${s.only}\`.`);
  if (s.nested) out.push('', `Its keys go inside the \`${s.form}:\` map.`);
  if (s.fields.length) out.push('', table(s.fields));
  out.push('', fence(s.example), '');
  return out;
}

/** How a step kind is titled: `check: pods-healthy`, `manual: TEXT`. */
function heading(s: StepSpec): string {
  if (s.form === 'check') return `\`check: ${s.kind}\``;
  if (s.nested) return `\`${s.form}: { ... }\``;
  return `\`${s.form}: ${s.form === 'http' ? 'URL' : s.form === 'run' ? 'TITLE' : 'TEXT'}\``;
}

function table(fields: readonly FieldSpec[]): string {
  const rows = fields.map((f) => `| \`${f.key}\` | ${cell(typeLabel(f))} | ${cell(defaultLabel(f))} | ${cell(f.doc)} |`);
  return ['| Key | Type | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** A table cell: pipes escaped, so enum lists and regexes do not split the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(yaml: string): string {
  return ['```yaml', yaml, '```'].join('\n');
}
