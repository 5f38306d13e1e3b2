// `helmdeck demo` as a new user meets it: one command, a simulated cluster,
// the sample application installed by the real helm, the cockpit on it.
import { describe, expect, it } from 'vitest';
import { spawnHelmdeck } from '../helpers/terminal.js';

describe('helmdeck demo', () => {
  it('shows the sample application\'s pods and consumer lag within seconds, and quits cleanly', async () => {
    const screen = spawnHelmdeck(['demo', '--speed', '5'], { cols: 160, rows: 48, env: { XDG_CONFIG_HOME: '/nonexistent-helmdeck-test' } });
    try {
      await screen.waitFor(/shop-web-\S+\s+1\/1\s+\S+ Running/, 10_000);
      expect(screen.lines()[0]).toMatch(/helmdeck-demo .*release shop rev 1/);
      await screen.waitFor(/orders\/orders/, 15_000);
    } finally {
      screen.write('q');
    }
    expect(await screen.exited).toBe(0);
    expect(screen.raw()).toContain('helmdeck demo: ready');
  });
});
