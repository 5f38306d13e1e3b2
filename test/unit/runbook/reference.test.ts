import { stringify, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../src/runbook/field-spec.js';
import { parseRunbook } from '../../../src/runbook/load-runbook.js';
import { runbookReferenceMarkdown } from '../../../src/runbook/reference.js';
import { RELEASE_FIELDS, ROLLBACK_FIELDS, UPGRADE_FIELDS } from '../../../src/runbook/release-table.js';
import { COMMON_FIELDS, STEP_TABLE } from '../../../src/runbook/step-table.js';

/** A value of each documented type, as an operator would write it. */
function sample(f: FieldSpec): unknown {
  switch (f.type) {
    case 'text': return 'some text';
    case 'name': return 'name-1';
    case 'url': return 'https://host.invalid/path';
    case 'bool': return true;
    case 'int': return f.min ?? 0;
    case 'duration': return '90s';
    case 'regex': return 'ok\\s+\\d+';
    case 'selector': return 'app=x,tier in (a,b)';
    case 'enum': return f.values!.at(-1); // the last: http's DELETE goes with the example's body, a GET would not
    case 'argv': return ['prog', '--flag'];
    case 'strings': return ['one', 'two'];
    case 'string-map': return { KEY: 'value' };
    case 'lag-source': return { burrow: 'http://burrow.invalid:8000/v3/kafka/main' };
    case 'lag-sources': return ['exporter=http://exporter.invalid:9308/metrics'];
    case 'json-fields': return { 'license.tier': 'enterprise' };
    case 'save-path': return 'out/{release}-{revision}-{date}.txt';
    case 'id': return 'my.step_1';
    default: throw new Error(`no sample for ${f.type}`);
  }
}

describe('runbookReferenceMarkdown', () => {
  const md = runbookReferenceMarkdown();

  it('documents every step kind and every key the loader accepts', () => {
    for (const s of STEP_TABLE) {
      const heading = s.form === 'check' ? `#### \`check: ${s.kind}\`` : `#### \`${s.form}: `;
      expect(md).toContain(heading);
      for (const f of s.fields) expect(md).toContain(`| \`${f.key}\` |`);
    }
    for (const f of [...RELEASE_FIELDS, ...UPGRADE_FIELDS, ...ROLLBACK_FIELDS, ...COMMON_FIELDS]) expect(md).toContain(`| \`${f.key}\` |`);
    expect(md).toContain('| `max` | integer 0..∞ | *required* |');
    expect(md).toContain('| `window` | duration (30s, 5m, 1h30m) | `5m` |');
  });

  it('keeps every table row to four cells (pipes inside cells escaped)', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.length).toBeGreaterThan(40);
    const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length - 2;
    for (const row of rows) expect([3, 4], row).toContain(cells(row));
    expect(md).toContain('forward-only \\| reversible');
  });

  it('promises only what the loader accepts: each documented step key, with a value of its type, loads', () => {
    let tried = 0;
    for (const spec of STEP_TABLE) {
      for (const f of [...spec.fields, ...COMMON_FIELDS]) {
        if (spec.kind === 'manual' && f.key === 'required') continue; // manual steps are always required
        const step = (parse(spec.example) as Array<Record<string, unknown>>)[0]!;
        const target = spec.nested ? (step[spec.form] as Record<string, unknown>) : step;
        if (spec.nested && COMMON_FIELDS.includes(f)) step[f.key] = sample(f);
        else target[f.key] = sample(f);
        if (f.key === 'sources') delete target.source;
        const section = spec.only ?? 'preflight';
        const text = stringify({ release: 'app', chart: './chart', [section]: [step] });
        expect(() => parseRunbook(text, 'ref.yaml'), `${spec.kind}.${f.key}:\n${text}`).not.toThrow();
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(50);
  });
});
