// scrub: whatever shape a credential arrives in, it does not reach the journal.
import { describe, expect, it } from 'vitest';
import { scrub, scrubText } from '../../../src/journal/scrub.js';

describe('scrub', () => {
  it('masks values under credential-looking keys at any depth, keeping the shape', () => {
    const v = { a: { db: { password: 'hunter2', user: 'app' }, apiToken: 't0k', list: [{ clientSecret: 's' }], auth: { username: 'bob', passwd: 'x' } }, n: 3 };
    expect(scrub(v)).toEqual({ a: { db: { password: '***', user: 'app' }, apiToken: '***', list: [{ clientSecret: '***' }], auth: { username: 'bob', passwd: '***' } }, n: 3 });
  });

  it('masks lists and numbers under a credential key, and leaves null alone', () => {
    expect(scrub({ tokens: ['a', 'b'], pin_key: 1234, secret: null })).toEqual({ tokens: ['***', '***'], pin_key: '***', secret: null });
  });

  it('never keeps the data of a Secret, wherever it sits, but keeps its key names', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { url: 'cG9zdGdyZXM6Ly9h', user: 'YXBw' }, stringData: { dsn: 'postgres://x' } };
    const out = scrub({ evidence: [{ object: secret }] }) as { evidence: [{ object: Record<string, unknown> }] };
    expect(out.evidence[0].object).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { url: '***', user: '***' }, stringData: { dsn: '***' } });
  });

  it('masks a container env var named like a credential', () => {
    expect(scrub([{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'LOG_LEVEL', value: 'info' }])).toEqual([
      { name: 'DB_PASSWORD', value: '***' },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('does not mask ordinary fields (a StepResult stays readable)', () => {
    const r = { id: 'preflight.1', kind: 'secret-present', status: 'pass', summary: 'Secret db has keys url, user', evidence: ['replicas=3', 'image.tag: 1.2.0'], startedAt: 1, endedAt: 2 };
    expect(scrub(r)).toEqual(r);
  });
});

describe('scrubText', () => {
  it.each([
    ['PGPASSWORD=hunter2 pg_dump -U app', 'PGPASSWORD=*** pg_dump -U app'],
    ['helm upgrade shop . --set db.password=hunter2,image.tag=1.2.0', 'helm upgrade shop . --set db.password=***,image.tag=1.2.0'],
    ['helm repo add x --password hunter2', 'helm repo add x --password ***'],
    ['curl -H "Authorization: Bearer eyJhbGciOi.abc"', 'curl -H "Authorization: Bearer ***"'],
    ['git clone https://bob:hunter2@git.example.invalid/x', 'git clone https://bob:***@git.example.invalid/x'],
    ['  password: hunter2', '  password: ***'],
    ['{"clientSecret": "hunter2", "id": 4}', '{"clientSecret": ***, "id": 4}'],
    ['export AWS_SECRET_ACCESS_KEY=abc/def', 'export AWS_SECRET_ACCESS_KEY=***'],
    ['applied 3 migrations at 12:30:01', 'applied 3 migrations at 12:30:01'],
    ['see https://example.invalid/notes', 'see https://example.invalid/notes'],
  ])('%s', (text, want) => {
    expect(scrubText(text)).toBe(want);
  });
});

describe('scrubText on displayed commands', () => {
  it('keeps shell quoting intact and leaves an already-masked command unchanged', () => {
    const shown = "helm upgrade shop ./shop --set 'db.password=***' '--set=auth.token=***' --set image.tag=1.2.0";
    expect(scrubText(shown)).toBe(shown);
    expect(scrubText("helm upgrade shop . --set 'a=1,db.password=hunter 2'")).toBe("helm upgrade shop . --set 'a=1,db.password=***'");
  });
});
