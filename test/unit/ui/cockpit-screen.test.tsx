// The cockpit's screen at the sizes operators use: what the status bar says,
// where the panes go (tabs at 80×24, a grid at 160×48), colours by state, and
// that no frame is ever taller or wider than the terminal.
import { FakeTerminal, stripAnsi } from './fake-terminal.js';
import { Writable } from 'node:stream';
import { render } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/ui/app.js';
import { COCKPIT_COMMANDS } from '../../../src/ui/keys/cockpit-commands.js';
import { buildKeymap } from '../../../src/ui/keys/keymap.js';
import { createCockpit } from '../../../src/ui/run-cockpit.js';
import { createDeckStore } from '../../../src/store/index.js';
import { emptyBatch } from '../../../src/store/watch-batch.js';
import type { UiState } from '../../../src/ui/ui-store.js';
import { CRASH_POD, shopWorld, startCockpit, THEME, type Session } from './cockpit-world.js';

const SIZES = [[80, 24], [160, 48]] as const;
const PANE_TITLES = ['1 Pods', '2 Rollout', '3 HPA', '4 Consumer lag', '5 Helm history', '6 Logs', '7 Checklist'];

let session: Session | undefined;
afterEach(async () => {
  session?.handle.unmount();
  await session?.exited;
  session = undefined;
});

describe('status bar', () => {
  it.each(SIZES)('at %i×%i names context, namespace, release, revision, versions, status, watches and the clock', async (cols, rows) => {
    session = await startCockpit(cols, rows);
    const [first, second] = await session.term.lines();
    expect(first).toContain('kind-shop');
    expect(first).toContain('ns shop');
    expect(first).toMatch(/shop rev 2/);
    expect(first).toMatch(/web-1\.8\.0 → (app )?2\.5\.0/);
    expect(first).toContain('✓ deployed');
    expect(second).toContain('✓ live (6 watches)');
    // Started 65 s ago; the clock is static in tests and shows minutes.
    expect(second).toMatch(/\d\d:\d\d · window 1m/);
  });

  it('shows a loud production banner in the banner token', async () => {
    session = await startCockpit(80, 24, { production: true, context: 'eu-prod-1' });
    expect((await session.term.lines())[0]).toContain('⚠ PRODUCTION eu-prod-1');
    // banner.production in the default theme: white on red.
    // eslint-disable-next-line no-control-regex -- the colour codes are the point
    expect(session.term.raw).toMatch(/\x1b\[41m[^\n]*⚠ PRODUCTION eu-prod-1/);
  });

  it('names forbidden watches and says since when reconnecting data is stale', async () => {
    const store = shopWorld();
    store.getState().setWatchState('hpas', { state: 'forbidden', since: 1, message: 'hpas is forbidden' });
    store.getState().setWatchState('pods', { state: 'reconnecting', since: new Date(2026, 10, 21, 22, 31, 5).getTime(), error: 'EOF', attempt: 2 });
    session = await startCockpit(160, 48, { store });
    const second = (await session.term.lines())[1];
    expect(second).toContain('forbidden: hpas');
    expect(second).toContain('stale since 22:31:05 · reconnecting (pods)');
  });
});

describe('panes', () => {
  it('a crash-looping pod shows CrashLoopBackOff in the theme’s failure colour, with its symbol', async () => {
    session = await startCockpit(80, 24);
    expect(await session.term.text()).toMatch(new RegExp(`${CRASH_POD} +0/1 +✗ CrashLoopBackOff +4`));
    expect(THEME.tokens.state.failed).toBe('red');
    // eslint-disable-next-line no-control-regex -- the colour codes are the point
    expect(session.term.raw).toMatch(/\x1b\[31m✗ CrashLoopBackOff/);
    // eslint-disable-next-line no-control-regex -- the colour codes are the point
    expect(session.term.raw).not.toMatch(/\x1b\[31m✓ Running/);
  });

  it('at 80×24 shows tabs naming all seven panes and only the focused pane', async () => {
    session = await startCockpit(80, 24);
    const lines = await session.term.lines();
    for (const t of PANE_TITLES) expect(lines[2]).toContain(t.replace('Consumer lag', 'Lag').replace('Helm history', 'History'));
    const screen = lines.join('\n');
    expect(screen).toContain('┌─ 1 Pods (4)');
    expect(screen).not.toContain('┌─ 2 Rollout');
    // A failing pane behind another tab still shows its worst state.
    expect(lines[2]).toMatch(/2 Rollout ✗/);
  });

  it('at 160×48 shows every pane at once and no tab strip', async () => {
    session = await startCockpit(160, 48);
    const screen = await session.term.text();
    for (const t of PANE_TITLES) expect(screen).toContain(`┌─ ${t}`);
    expect(screen).toContain('No upgrade planned — run helmdeck upgrade RELEASE');
    expect(screen).toMatch(/event-processor\/\S* +100 █▇▅▄▂▁ +! behind/);
    expect(screen).toMatch(/↳ web-7d4b9c8f6d-g2tmn +✗ CrashLoopBackOff/);
    expect(screen).toMatch(/2 ✓ deployed +web-1\.8\.0 +2\.5\.0/);
  });

  it('switches between tabs and grid when the terminal is resized', async () => {
    session = await startCockpit(80, 24);
    session.term.resize(160, 48);
    await session.term.waitFor('┌─ 5 Helm history');
    session.term.resize(80, 24);
    await session.term.waitFor(/^ 1 Pods ✗ /m);
    await session.term.settle();
    const lines = await session.term.lines();
    expect(lines[3]).toMatch(/^┌─ 1 Pods \(4\) ─+┐$/);
    expect(lines.join('\n')).not.toContain('Helm history');
    expect(lines.at(-1)).toContain('q quit');
  });

  it('waits for the first lists before saying a release is not found', async () => {
    const store = createDeckStore({ connection: { context: 'kind-shop', namespace: 'shop', server: 'https://127.0.0.1:6443' } });
    session = await startCockpit(160, 48, { store });
    let screen = await session.term.waitFor('Waiting for the first list of releases and pods…');
    expect(screen).toContain('Waiting for the first list of releases…');
    expect(screen).not.toContain('not found');
    const batch = emptyBatch();
    batch.synced.add('helm-secrets');
    store.getState().applyWatchBatch(batch);
    screen = await session.term.waitFor('Release shop not found (yet): no pods to show');
    expect(screen).toMatch(/│Release shop not found \(yet\) +│/);
  });

  it('virtualises a long list and says how many rows are hidden', async () => {
    session = await startCockpit(80, 24, { store: shopWorld({ extraPods: 300 }) });
    const screen = await session.term.text();
    expect(screen).toContain('1 Pods (304)');
    expect(screen).toMatch(/↓ 288 more/);
  });
});

describe('frames', () => {
  // Ink's debug mode writes every frame whole, so each write can be measured.
  function recordFrames(cols: number, rows: number) {
    const frames: string[] = [];
    const out = new Writable({ write: (c, _e, cb) => (frames.push(c.toString()), cb()) }) as unknown as NodeJS.WriteStream;
    Object.assign(out, { isTTY: true, columns: cols, rows });
    const stdin = new FakeTerminal(cols, rows).stdin;
    const keymap = buildKeymap({ commands: COCKPIT_COMMANDS });
    const opts = {
      store: shopWorld({ extraPods: 200 }), release: 'shop', namespace: 'shop', context: 'kind-shop-with-a-very-long-context-name-indeed', theme: THEME, keymap,
      readOnly: false, production: true, startedAt: Date.now(), clock: false, stdout: out, stdin,
    };
    const cockpit = createCockpit(opts, { exit: () => {}, redraw: () => {} });
    const ink = render(<App cockpit={cockpit} />, { stdout: out, stdin, debug: true, interactive: true, exitOnCtrlC: false, patchConsole: false });
    return { frames, cockpit, ink };
  }

  it.each([[80, 24], [160, 48], [120, 36], [119, 40], [100, 30], [40, 8], [39, 7], [200, 60]])('at %i×%i no frame is taller or wider than the terminal', async (cols, rows) => {
    const { frames, cockpit, ink } = recordFrames(cols, rows);
    const { ui } = cockpit;
    const steps: Partial<UiState>[] = [
      { message: { text: 'a very long message '.repeat(20), tone: 'warning' } },
      { overlay: { kind: 'help', key: '', offset: 0 } },
      { overlay: { kind: 'pod', key: `shop/${CRASH_POD}`, offset: 3 } },
      { overlay: { kind: 'revision', key: '2', offset: 0 } },
      { overlay: undefined, filters: { pods: 'x0' }, editing: { pane: 'pods', text: 'x0' } },
      { focus: 'rollout' }, { focus: 'logs', logTarget: { namespace: 'shop', pod: CRASH_POD, container: 'web', previous: false } }, { focus: 'history' },
    ];
    for (const step of steps) {
      ui.setState(step);
      // Store updates are flushed in a microtask; let each one make its own frame.
      await new Promise((r) => setTimeout(r, 5));
    }
    ink.unmount();
    const shown = frames.map(stripAnsi).filter((f) => f.trim() !== '');
    expect(shown.length).toBeGreaterThan(3);
    for (const f of shown) {
      const lines = f.replace(/\n$/, '').split('\n');
      expect(lines.length).toBeLessThanOrEqual(rows);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(cols);
    }
  });
});
