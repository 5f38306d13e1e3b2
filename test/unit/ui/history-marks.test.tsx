// Superseded revisions are settled history: they read muted with a neutral
// mark, not with the "?" that means a state helmdeck cannot tell.
import { afterEach, describe, expect, it } from 'vitest';
import { startCockpit, type Session } from './cockpit-world.js';

let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

describe('Helm history', () => {
  it('marks a superseded revision as history, the deployed one as ok', async () => {
    session = await startCockpit(160, 48);
    await session.term.waitFor('superseded');
    const lines = await session.term.lines();
    const superseded = lines.find((l) => l.includes('superseded'))!;
    expect(superseded).toMatch(/1 · superseded/);
    expect(superseded).not.toContain('?');
    expect(lines.find((l) => /2 \S deployed/.test(l))).toMatch(/2 ✓ deployed/);
  });
});
