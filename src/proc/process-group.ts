// Stopping a child and everything it started. Commands run in their own
// process group so a timeout or a cancel reaches the grandchildren too (a
// `sh -c` whose sleep kept stdout open held a step for 100 s after its shell
// was killed), and children registered here die with helmdeck.

/** Sends `signal` to the process group led by pid; false when it is gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** How a stop went, for a message that says what was done. */
export interface StopReport {
  /** SIGKILL was needed: the group outlived SIGTERM by the grace period. */
  escalated: boolean;
}

/**
 * SIGTERM to the group now; SIGKILL after graceMs unless `exited` settles
 * first. Resolves once `exited` does.
 */
export async function stopGroup(pid: number, exited: Promise<unknown>, graceMs: number): Promise<StopReport> {
  let escalated = false;
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => {
    escalated = signalGroup(pid, 'SIGKILL');
  }, graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
  return { escalated };
}

const doomed = new Set<number>();
let hooked = false;

/** Kills the group led by pid when helmdeck exits (however it exits, short of SIGKILL); returns the undo. */
export function killOnExit(pid: number | undefined): () => void {
  if (pid === undefined) return () => undefined;
  doomed.add(pid);
  if (!hooked) {
    hooked = true;
    // 'exit' handlers cannot wait: SIGKILL is the only signal that is sure to end the group before we are gone.
    process.on('exit', () => {
      for (const p of doomed) signalGroup(p, 'SIGKILL');
    });
  }
  return () => void doomed.delete(pid);
}
