import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const BSC = join(ROOT, 'bin', 'bsc.js');

export const mb = (kb: number | null): number | null => (kb === null ? null : Math.round(kb / 1024));

/** A field of /proc/<pid>/status in kB (VmHWM: peak resident set; VmRSS: now), null where there is none. */
export function procStatusKb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export interface CliRun {
  ms: number;
  peakRssMb: number | null;
  stdout: string;
}

/** Runs `bsc ...args` as a child; its peak RSS is the last VmHWM read before it exits (polled every 20 ms). */
export async function bsc(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [BSC, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let peakKb: number | null = null;
  const poll = setInterval(() => (peakKb = procStatusKb(child.pid, 'VmHWM') ?? peakKb), 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  if (code !== 0) throw new Error(`bsc ${args.join(' ')} exited with ${code}`);
  return { ms: Date.now() - started, peakRssMb: mb(peakKb), stdout };
}
