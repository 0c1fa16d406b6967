import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, spawnApp, waitForOk } from '../../rig/spawn-app';
import { sleep } from '../../rig/wait';

export { freePort, sleep };

const ENTRY = 'dist/apps/ingestion/src/main.js';
/** The compiled API app, started the same way (`startIngestion(env, timeout, [], API_ENTRY)`). */
export const API_ENTRY = 'dist/apps/api/src/main.js';
/** /health is polled this often while an app starts: ready times are measured to about this. */
const READY_POLL_MS = 50;

export interface IngestionChild {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
  /** What the app wrote to stdout and stderr so far. */
  output(): string;
}

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is none (not Linux). */
export function cpuMs(pid: number | undefined): number | null {
  try {
    // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * Starts the compiled ingestion app (the rig's spawnApp) and waits until /health answers 200; `readyMs` counts from
 * the spawn, `cpuMs` is the CPU time it used by then (wall time on a shared machine says little alone). `nodeArgs`
 * go before the entry; `entry` is another compiled app to start the same way (API_ENTRY).
 */
export async function startIngestion(
  env: Record<string, string>,
  timeoutMs = 180_000,
  nodeArgs: readonly string[] = [],
  entry = ENTRY,
): Promise<{ app: IngestionChild; readyMs: number; cpuMs: number | null }> {
  const started = Date.now();
  const spawned = await spawnApp(entry, env, [], nodeArgs);
  const app: IngestionChild = {
    child: spawned.process,
    port: spawned.port,
    exited: spawned.exited.then(() => undefined),
    output: spawned.output,
  };
  try {
    await waitForOk(`http://127.0.0.1:${spawned.port}/health`, timeoutMs, spawned, READY_POLL_MS);
  } catch (error) {
    if (spawned.process.exitCode === null) spawned.process.kill('SIGKILL');
    throw error;
  }
  return { app, readyMs: Date.now() - started, cpuMs: cpuMs(spawned.process.pid) };
}

export async function stopIngestion(app: IngestionChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (app.child.exitCode === null) app.child.kill(signal);
  await app.exited;
}

/** Sum of the Prometheus series of `name` (all label sets) in a /metrics text. */
export function metricSum(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && match[1] === name) total += Number(match[3]);
  }
  return total;
}
