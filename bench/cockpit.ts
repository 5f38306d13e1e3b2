// The cockpit's budgets, measured on the real bin/helmdeck in a
// pseudo-terminal: first frame ≤ 300 ms, 500 pods on screen ≤ 1.5 s, and
// idle cost (frames, bytes and CPU while nothing changes).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import { execa } from 'execa';
import * as pty from 'node-pty';
import type { Figure } from './figures.ts';
import { serveSim } from './model.ts';

const { Terminal } = xtermHeadless as unknown as { Terminal: typeof import('@xterm/headless').Terminal };
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'helmdeck');
const helm = join(root, '.tools', 'bin', 'helm');

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function cockpitBench(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'helmdeck-bench-'));
  const sim = await serveSim(dir, 10);
  try {
    const env = { ...process.env, KUBECONFIG: sim.kubeconfig, HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') } as Record<string, string>;
    await execa(helm, ['install', 'shop', join(root, 'demo', 'charts', 'shop'), '-n', 'shop', '--create-namespace', '--set', 'replicas=500', '--set', 'hpa.enabled=false', '--wait', '--timeout', '5m'], { env });
    const cols = 160;
    const rows = 48;
    const term = new Terminal({ cols, rows, allowProposedApi: true });
    const t0 = performance.now();
    const proc = pty.spawn(process.execPath, [bin, 'watch', 'shop', '-n', 'shop'], { name: 'xterm-256color', cols, rows, cwd: root, env: { ...env, TERM: 'xterm-256color' } });
    let firstFrame = NaN;
    let podsOnScreen = NaN;
    let writes = 0;
    let bytes = 0;
    const screen = () => {
      const b = term.buffer.active;
      let text = '';
      for (let y = 0; y < rows; y++) text += (b.getLine(b.viewportY + y)?.translateToString(true) ?? '') + '\n';
      return text;
    };
    proc.onData((d) => {
      writes++;
      bytes += d.length;
      term.write(d, () => {
        const now = performance.now() - t0;
        const text = screen();
        if (Number.isNaN(firstFrame) && text.includes('Pods')) firstFrame = now;
        if (Number.isNaN(podsOnScreen) && /Pods \((50[0-9])\)/.test(text)) podsOnScreen = now;
      });
    });
    const deadline = Date.now() + 30_000;
    while (Number.isNaN(podsOnScreen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Idle: nothing changes in the cluster for 10 s (the status-bar clock still ticks once a second).
    await new Promise((r) => setTimeout(r, 3000));
    const idleSeconds = 10;
    const w0 = writes;
    const b0 = bytes;
    const c0 = cpuSeconds(proc.pid);
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    const idleCpu = ((cpuSeconds(proc.pid) - c0) / idleSeconds) * 100;
    const idleWrites = (writes - w0) / idleSeconds;
    const idleBytes = (bytes - b0) / idleSeconds;
    proc.write('q');
    await new Promise<void>((r) => proc.onExit(() => r()));
    return [
      { name: 'cockpit: first frame', value: firstFrame, unit: 'ms', budget: 300, better: 'lower', note: 'from spawn, incl. connecting' },
      { name: 'cockpit: 500 pods on screen', value: podsOnScreen, unit: 'ms', budget: 1500, better: 'lower' },
      { name: 'cockpit: idle writes to the terminal', value: idleWrites, unit: 'writes/s', note: 'the clock ticks once a second' },
      { name: 'cockpit: idle bytes to the terminal', value: idleBytes, unit: 'B/s' },
      { name: 'cockpit: idle CPU', value: idleCpu, unit: '% of a core', budget: 1, better: 'lower' },
    ];
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
