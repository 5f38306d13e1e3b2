import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbook, parseRunbook } from '../../../src/runbook/load-runbook.js';
import { RunbookError } from '../../../src/runbook/runbook-error.js';
import { lineCol, parseError, withSteps } from './helpers.js';

/** One expected problem: where (the needle's position, or "" for the file itself), which key path, and words of the reason. */
interface Expected {
  at: string;
  nth?: number;
  path: string;
  reason: string;
}

const cases: Array<{ name: string; text: string; errors: Expected[] }> = [
  {
    name: 'unknown top-level key, with did-you-mean',
    text: 'release: app\nchart: ./chart\nvaluse: [a.yaml]\n',
    errors: [{ at: 'valuse', path: 'valuse', reason: 'unknown key (did you mean "values"?)' }],
  },
  {
    name: 'unknown step key, with did-you-mean',
    text: withSteps('preflight:\n  - check: pods-healthy\n    selectr: app=x\n'),
    errors: [{ at: 'selectr', path: 'preflight[0].selectr', reason: 'unknown key (did you mean "selector"?)' }],
  },
  {
    name: 'a key of another step kind',
    text: withSteps('preflight:\n  - check: hpa-valid\n    selector: app=x\n'),
    errors: [{ at: 'selector', path: 'preflight[0].selector', reason: 'check hpa-valid takes no selector' }],
  },
  {
    name: 'misspelt check kind',
    text: withSteps('preflight:\n  - check: pods-helthy\n'),
    errors: [{ at: 'pods-helthy', path: 'preflight[0].check', reason: 'unknown check "pods-helthy" (did you mean "pods-healthy"?)' }],
  },
  {
    name: 'a command written as a shell string',
    text: withSteps('preflight:\n  - run: Backup\n    command: pg_dump -U app > backup.sql\n'),
    errors: [{ at: 'pg_dump', path: 'preflight[0].command', reason: 'expected a list of arguments (argv), not a string: helmdeck runs the program directly, without a shell' }],
  },
  {
    name: 'a plain command string gets the list to write',
    text: withSteps('preflight:\n  - run: Status\n    command: vault status\n'),
    errors: [{ at: 'vault status', path: 'preflight[0].command', reason: 'write command: [vault, status]' }],
  },
  {
    name: 'empty argv',
    text: withSteps('preflight:\n  - run: Nothing\n    command: []\n'),
    errors: [{ at: '[]', path: 'preflight[0].command', reason: 'must not be empty' }],
  },
  {
    name: 'a regular expression that does not compile',
    text: withSteps("verify:\n  - logs: { selector: app=x, match: 'applied (\\d+ migrations' }\n"),
    errors: [{ at: "'applied", path: 'verify[0].logs.match', reason: 'not a valid regular expression' }],
  },
  {
    name: 'a Go-style (?i) prefix',
    text: withSteps("verify:\n  - http: https://x.invalid/\n    match: '(?i)ok'\n"),
    errors: [{ at: "'(?i)ok'", path: 'verify[0].match', reason: 'write (?i:...) around the part' }],
  },
  {
    name: 'a request body on a GET (an old runbook whose body: meant the answer)',
    text: withSteps("verify:\n  - http: https://x.invalid/\n    method: GET\n    body: '\"version\"'\n"),
    errors: [{ at: 'http', path: 'verify[0]', reason: 'a GET sends none' }],
  },
  {
    name: 'a duration without a unit',
    text: withSteps('verify:\n  - check: rollout-complete\n    timeout: 10\n'),
    errors: [{ at: '10', path: 'verify[0].timeout', reason: 'expected a duration such as 30s, 5m or 1h30m (a bare number has no unit)' }],
  },
  {
    name: 'a duration with an unknown unit',
    text: withSteps('verify:\n  - logs: { selector: app=x, match: ok, within: 5 minutes }\n'),
    errors: [{ at: '5 minutes', path: 'verify[0].logs.within', reason: '"5 minutes" is not a duration' }],
  },
  {
    name: 'missing release',
    text: 'chart: ./chart\nnamespace: ns\n',
    errors: [{ at: 'chart', path: 'release', reason: 'missing: every release needs release' }],
  },
  {
    name: 'missing release in one entry of releases',
    text: 'releases:\n  - release: a\n    chart: ./a\n  - chart: ./b\n',
    errors: [{ at: 'chart: ./b', path: 'releases[1].release', reason: 'missing' }],
  },
  {
    name: 'wrong types',
    text: 'release: app\nchart: ./chart\nvalues: { a: b }\npreflight:\n  - check: consumer-lag\n    max: lots\n    samples: true\n',
    errors: [
      { at: '{ a: b }', path: 'values', reason: 'expected a string or a list of strings, got a map' },
      { at: 'lots', path: 'preflight[0].max', reason: 'expected a whole number, got the string "lots"' },
      { at: 'true', path: 'preflight[0].samples', reason: 'expected a whole number, got true' },
    ],
  },
  {
    name: 'duplicate step ids',
    text: withSteps('preflight:\n  - check: diff\n    id: look\n  - check: release-settled\n    id: look\n'),
    errors: [{ at: 'look', nth: 1, path: 'preflight[1].id', reason: `duplicate step id "look" (first used at rb.yaml:${lineCol(withSteps('preflight:\n  - check: diff\n    id: look\n'), 'look')})` }],
  },
  {
    name: 'an explicit id clashing with a generated one',
    text: withSteps('preflight:\n  - check: diff\n  - check: release-settled\n    id: preflight.1.diff\n'),
    errors: [{ at: 'preflight.1.diff', path: 'preflight[1].id', reason: 'duplicate step id "preflight.1.diff"' }],
  },
  {
    name: 'YAML syntax error',
    text: 'release: app\nchart: ./chart\npreflight:\n  - check: diff\n   - check: pdb\n',
    errors: [{ at: '- check: pdb', path: '', reason: 'YAML syntax error' }],
  },
  {
    name: 'a key given twice',
    text: 'release: app\nchart: ./chart\nrelease: other\n',
    errors: [{ at: 'release: other', path: '', reason: 'YAML syntax error: Map keys must be unique' }],
  },
  {
    name: 'manual steps cannot be optional',
    text: withSteps('preflight:\n  - manual: Read the notes\n    required: false\n'),
    errors: [{ at: 'false', path: 'preflight[0].required', reason: 'manual steps are always required' }],
  },
  {
    name: 'diff after the upgrade',
    text: withSteps('verify:\n  - check: diff\n'),
    errors: [{ at: 'diff', path: 'verify[0].check', reason: 'diff only makes sense in preflight' }],
  },
  {
    name: 'logs fields beside the logs map',
    text: withSteps("verify:\n  - logs: { selector: app=x }\n    match: 'ok'\n"),
    errors: [
      { at: '{ selector', path: 'verify[0].logs', reason: 'give match' },
      { at: 'match', path: 'verify[0].match', reason: 'goes inside the logs map' },
    ],
  },
  {
    name: 'a common key inside the logs map',
    text: withSteps("verify:\n  - logs: { selector: app=x, match: ok, id: migrations }\n"),
    errors: [{ at: 'id:', path: 'verify[0].logs.id', reason: 'id goes beside logs:, not inside its map' }],
  },
  {
    name: 'a required step field missing',
    text: withSteps('preflight:\n  - check: consumer-lag\n    groups: [g]\n'),
    errors: [{ at: 'check: consumer-lag', path: 'preflight[0].max', reason: 'missing: check consumer-lag needs max (integer 0..∞)' }],
  },
  {
    name: 'a lag source of an unknown kind',
    text: withSteps('preflight:\n  - check: consumer-lag\n    source: { prometeus: http://p:9090 }\n    max: 10\n'),
    errors: [{ at: 'prometeus', path: 'preflight[0].source.prometeus', reason: '(did you mean "prometheus"?)' }],
  },
  {
    name: 'an unknown save placeholder',
    text: withSteps('preflight:\n  - run: Backup\n    command: [pg_dump]\n    save: b/{data}.sql\n'),
    errors: [{ at: 'b/{data}', path: 'preflight[0].save', reason: 'unknown placeholder {data}' }],
  },
  {
    name: 'upgrade flags that runbook keys own, and a timeout given twice',
    text: withSteps('upgrade:\n  flags: [--timeout, 10m, -n, other]\n  timeout: 5m\n'),
    errors: [
      { at: '--timeout', path: 'upgrade.flags[0]', reason: '--timeout here (10m) disagrees with upgrade.timeout (5m)' },
      { at: '-n', path: 'upgrade.flags[2]', reason: '-n is set by the namespace key' },
    ],
  },
  {
    name: 'release keys at the top of a multi-release runbook',
    text: 'chart: ./x\nreleases:\n  - release: a\n    chart: ./a\n',
    errors: [{ at: 'chart: ./x', path: 'chart', reason: 'chart goes inside each entry of releases' }],
  },
  {
    name: 'the same release listed twice',
    text: 'releases:\n  - release: a\n    chart: ./a\n  - release: a\n    chart: ./b\n',
    errors: [{ at: 'release: a', nth: 1, path: 'releases[1].release', reason: 'release a in namespace default is listed twice' }],
  },
];

describe('parseRunbook rejects malformed runbooks', () => {
  it.each(cases)('$name', ({ text, errors }) => {
    const err = parseError(text);
    const lines = err.message.split('\n');
    expect(lines[0]).toBe(`${errors.length} ${errors.length === 1 ? 'error' : 'errors'} in runbook rb.yaml:`);
    expect(err.errors).toHaveLength(errors.length);
    for (const e of errors) {
      const prefix = `rb.yaml:${lineCol(text, e.at, e.nth)}: ${e.path ? `${e.path}: ` : ''}`;
      const line = lines.find((l) => l.startsWith(prefix));
      expect(line, `a line starting ${prefix} in\n${err.message}`).toBeDefined();
      expect(line).toContain(e.reason);
    }
  });

  it('reports every problem of the document together, in file order', () => {
    const text = [
      'release: App',
      'chart: ./chart',
      'sett: { a: b }',
      'preflight:',
      '  - check: pods-helthy',
      '  - run: Backup',
      '    command: pg_dump > x',
      '  - http: ftp://nowhere',
      "verify:",
      "  - logs: { selector: app=x, match: '(', within: 5 }",
      'rollback:',
      '  migrations: forward',
      '',
    ].join('\n');
    const err = parseError(text);
    const where = err.errors.map((e) => `${e.line}:${e.column} ${e.path}`);
    expect(where).toEqual([
      `${lineCol(text, 'App')} release`,
      `${lineCol(text, 'sett')} sett`,
      `${lineCol(text, 'pods-helthy')} preflight[0].check`,
      `${lineCol(text, 'pg_dump')} preflight[1].command`,
      `${lineCol(text, 'ftp')} preflight[2].http`,
      `${lineCol(text, "'('")} verify[0].logs.match`,
      `${lineCol(text, '5 }')} verify[0].logs.within`,
      `${lineCol(text, 'forward')} rollback.migrations`,
    ]);
    expect(err.message.split('\n')[0]).toBe('8 errors in runbook rb.yaml:');
    expect(err.message.split('\n')).toHaveLength(9);
  });

  it('says what an empty file or a non-map document should be', () => {
    expect(parseError('# nothing yet\n').message).toBe('1 error in runbook rb.yaml:\nrb.yaml: the runbook is empty; start with release: NAME and chart: CHART (or releases: [...] for several)');
    expect(parseError('- check: diff\n').message).toContain('rb.yaml:1:1: expected a map of keys');
    expect(parseError('releases: []\n').message).toContain('rb.yaml:1:11: releases: lists no release');
  });

  it('loadRunbook names a missing file and never throws anything but RunbookError', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'helmdeck-runbook-'));
    const missing = path.join(dir, 'nope.yaml');
    expect(() => loadRunbook(missing)).toThrow(RunbookError);
    expect(() => loadRunbook(missing)).toThrow(`${missing}: runbook file not found`);
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'release: a\nchart: [\n');
    expect(() => loadRunbook(bad)).toThrow(/bad\.yaml:\d+:\d+: YAML syntax error/);
    expect(() => loadRunbook(dir)).toThrow(RunbookError);
  });

  it('keeps each problem on one line and terminal escapes out of the message', () => {
    const err = parseError('release: app\nchart: ./chart\n"sneaky\\nkey\\e[2J": 1\n');
    expect(err.message.split('\n')).toEqual(['1 error in runbook rb.yaml:', expect.stringMatching(/^rb\.yaml:3:1: sneaky\\u000akey\\u001b\[2J: unknown key; /)]);
  });

  it('does not mistake a valid document for a broken one', () => {
    expect(() => parseRunbook(withSteps('preflight:\n  - check: diff\n'), 'rb.yaml')).not.toThrow();
  });
});
