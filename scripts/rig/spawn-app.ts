import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder up holding package.json (this file also runs compiled, from dist). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = repositoryRoot(__dirname);

export interface SpawnedApp {
  process: ChildProcess;
  port: number;
  dataDir: string;
  output: () => string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a compiled app (`dist/...`, built by `npm ci`/`npm run build`) the way `npm start` does (`args`: a CLI's;
 * `nodeArgs` go before the entry, e.g. `--cpu-prof`). DATA_DIR is a fresh temp folder unless `env` names one.
 */
export async function spawnApp(
  entry: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): Promise<SpawnedApp> {
  const file = join(ROOT, entry);
  if (!existsSync(file)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'bsc-e2e-'));
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, port, dataDir, output: () => output, exited };
}

/** Polls every `pollMs` until the URL answers 200 or the deadline passes; returns the elapsed milliseconds. */
export async function waitForOk(url: string, timeoutMs: number, app?: SpawnedApp, pollMs = 250): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (app && app.process.exitCode !== null)
      throw new Error(`the app exited with ${app.process.exitCode}:\n${app.output()}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${app?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function stopApp(app: SpawnedApp): Promise<number | null> {
  if (app.process.exitCode === null) app.process.kill('SIGTERM');
  return app.exited;
}
