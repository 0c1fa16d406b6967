import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const ENTRY = join(ROOT, 'dist/apps/ingestion/src/main.js');
/** The compiled API app, started the same way (`startIngestion(env, timeout, [], API_ENTRY)`). */
export const API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');

export interface IngestionChild {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
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
 * Starts the compiled ingestion app and waits until /health answers 200; `readyMs` counts from the spawn, `cpuMs`
 * is the CPU time it used by then (wall time on a shared machine says little alone). `nodeArgs` go before the entry;
 * `entry` is another compiled app to start the same way (API_ENTRY).
 */
export async function startIngestion(
  env: Record<string, string>,
  timeoutMs = 180_000,
  nodeArgs: readonly string[] = [],
  entry = ENTRY,
): Promise<{ app: IngestionChild; readyMs: number; cpuMs: number | null }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${entry} not ready after ${timeoutMs} ms`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { app: { child, port, exited }, readyMs: Date.now() - started, cpuMs: cpuMs(child.pid) };
    await sleep(50);
  }
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
