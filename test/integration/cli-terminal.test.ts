// The CLI as seen in a real terminal: the pty + xterm harness itself, on
// the simplest screens helmdeck prints.
import { describe, expect, it } from 'vitest';
import { spawnHelmdeck } from '../helpers/terminal.js';

describe('helmdeck in a terminal', () => {
  it('prints its usage and exits 0', async () => {
    const screen = spawnHelmdeck(['--help'], { cols: 160, rows: 60 });
    expect(await screen.exited).toBe(0);
    await screen.waitFor('Usage:');
    expect(screen.text()).toContain('helmdeck sim serve --kubeconfig PATH');
    expect(screen.text()).toContain('helmdeck watch RELEASE');
  });

  it('names an unknown command in one line and exits non-zero', async () => {
    const screen = spawnHelmdeck(['frobnicate']);
    expect(await screen.exited).toBe(2);
    expect(screen.lines().filter(Boolean)).toEqual(['helmdeck: unknown command "frobnicate" (helmdeck --help lists them)']);
  });
});
