// The behaviour contract charts use to script a simulated container through
// literal env values (valueFrom is ignored: kubesim runs no real process that
// could resolve it). See the KUBESIM_* names below.
import { parseDuration } from '../../grammar/duration.js';

/** What a container will do once it runs. */
export interface ContainerScript {
  /** Simulated ms after start when the container turns ready; null = never. */
  readyAfterMs: number | null;
  /** Exit code and when (simulated ms after start) it exits; undefined = runs forever. */
  exit?: { code: number; afterMs: number };
  /** Lines written to the log when the container starts. */
  logLines: string[];
}

/** Default delay before a container reports ready (KUBESIM_READY_AFTER unset). */
export const DEFAULT_READY_AFTER_MS = 1000;
/** Default run time of init containers and run-to-completion pods that do not set KUBESIM_EXIT. */
export const DEFAULT_COMPLETION_MS = 1000;

/** The literal value of an env var of a container (last one wins, as in the kubelet). */
export function envValue(container: any, name: string): string | undefined {
  let value: string | undefined;
  for (const e of container?.env ?? []) {
    if (e?.name === name && typeof e.value === 'string') value = e.value;
  }
  return value;
}

/** Splits KUBESIM_LOG on real newlines and on the two-character sequence `\n`. */
export function splitLogLines(text: string | undefined): string[] {
  if (!text) return [];
  const lines = text.split(/\r?\n|\\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Reads the script of a container. `completes` marks containers that must
 * end on their own even without KUBESIM_EXIT (plain init containers and pods
 * with restartPolicy Never/OnFailure, e.g. helm hook Jobs), else they would
 * block their pod forever.
 */
export function containerScript(container: any, completes: boolean): ContainerScript {
  const readyText = envValue(container, 'KUBESIM_READY_AFTER');
  let readyAfterMs: number | null = DEFAULT_READY_AFTER_MS;
  if (readyText !== undefined) {
    readyAfterMs = readyText.trim().toLowerCase() === 'never' ? null : (parseDuration(readyText, { bareSeconds: true }) ?? DEFAULT_READY_AFTER_MS);
  }
  const exitText = envValue(container, 'KUBESIM_EXIT');
  const afterText = envValue(container, 'KUBESIM_EXIT_AFTER');
  let exit: ContainerScript['exit'];
  const code = exitText !== undefined && /^\s*-?\d+\s*$/.test(exitText) ? Number(exitText) : undefined;
  if (code !== undefined) exit = { code, afterMs: parseDuration(afterText ?? '', { bareSeconds: true }) ?? 0 };
  else if (completes) exit = { code: 0, afterMs: parseDuration(afterText ?? '', { bareSeconds: true }) ?? DEFAULT_COMPLETION_MS };
  return { readyAfterMs, exit, logLines: splitLogLines(envValue(container, 'KUBESIM_LOG')) };
}

/** The reason the runtime reports for an exit code. */
export function exitReason(code: number): string {
  if (code === 0) return 'Completed';
  if (code === 137) return 'OOMKilled';
  return 'Error';
}
