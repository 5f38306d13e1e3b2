// The status bar's clock reads to the minute and re-renders once a minute,
// on the wall clock's minute: an idle cockpit costs one small frame a
// minute, not one a second.
import { Text } from 'ink';
import { render } from 'ink';
import { PassThrough } from 'node:stream';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Clock, elapsedText, minuteText } from '../../../src/ui/parts/clock.js';

describe('clock text', () => {
  it('shows HH:MM and the window in whole minutes, hours and days', () => {
    expect(minuteText(new Date(2026, 10, 21, 9, 5, 59).getTime())).toBe('09:05');
    expect(elapsedText(59_999)).toBe('0m');
    expect(elapsedText(65_000)).toBe('1m');
    expect(elapsedText(3_600_000 + 5 * 60_000)).toBe('1h05m');
    expect(elapsedText(2 * 86_400_000 + 3 * 3_600_000 + 60_000)).toBe('2d 3h01m');
    expect(elapsedText(-5)).toBe('0m');
  });
});

// React schedules its work with setImmediate, which stays real here.
const settle = () => new Promise<void>((r) => setImmediate(r));
const advance = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
  await settle();
};

describe('<Clock>', () => {
  afterEach(() => vi.useRealTimers());

  it('renders once per minute boundary, never in between', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date(2026, 10, 21, 22, 30, 10));
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 5, isTTY: false }) as unknown as NodeJS.WriteStream;
    let commits = 0;
    const ink = render(
      <Profiler id="clock" onRender={() => commits++}>
        <Clock startedAt={Date.now() - 65_000} ticking />
        <Text>x</Text>
      </Profiler>,
      { stdout, patchConsole: false, interactive: false },
    );
    await settle();
    await settle();
    const first = commits;
    expect(first).toBeGreaterThan(0);
    await advance(49_000);
    expect(commits).toBe(first);
    await advance(1_100);
    expect(commits).toBe(first + 1);
    await advance(59_000);
    expect(commits).toBe(first + 1);
    await advance(1_100);
    expect(commits).toBe(first + 2);
    ink.unmount();
  });
});
