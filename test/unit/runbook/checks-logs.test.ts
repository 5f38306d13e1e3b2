// logs: which line decides the step (failOn beats match), and the step's
// input errors. Following pods is covered by the integration test.
import { describe, expect, it } from 'vitest';
import { judgeLine, run } from '../../../src/runbook/checks/logs.js';

const line = (text: string) => ({ pod: 'shop-migrate-x7k2p', container: 'migrate', text });
const MATCH = /applied \d+ migrations/;
const FATAL = /FATAL|panic:/;

describe('judgeLine', () => {
  it.each([
    ['applied 3 migrations', 'pass', '/applied \\d+ migrations/ seen in shop-migrate-x7k2p/migrate'],
    ['FATAL: relation "orders" already exists', 'fail', '/FATAL|panic:/ appeared in shop-migrate-x7k2p/migrate'],
    ['applied 3 migrations then panic: nil map', 'fail', '/FATAL|panic:/ appeared in shop-migrate-x7k2p/migrate'],
  ])('%s → %s', (text, status, summary) => {
    expect(judgeLine(line(text), MATCH, FATAL)).toEqual({ status, summary, evidence: [`shop-migrate-x7k2p/migrate: ${text}`] });
  });

  it('leaves other lines undecided', () => {
    expect(judgeLine(line('migrating schema'), MATCH, FATAL)).toBeUndefined();
    expect(judgeLine(line('applied 3 migrations'), undefined, FATAL)).toBeUndefined();
  });
});

describe('run', () => {
  const step = (over = {}) => ({ id: 'l', title: 'l', required: true, kind: 'logs' as const, selector: 'app=x', withinMs: 1000, ...over });
  it('refuses an invalid pattern or a step with nothing to look for, before following anything', async () => {
    expect(await run(step({ match: '(' }), {} as never)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^invalid pattern: /) });
    expect(await run(step(), {} as never)).toMatchObject({ status: 'fail', summary: 'a logs step needs match or failOn' });
  });
});
