import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's CPU priority to `nice` (0-19; 0 leaves it). On Linux a nice value belongs to a thread,
 * so a forecast worker calling this yields the cores to the API's and the ingestion's threads when the machine is
 * busy and takes them all when it is idle. Elsewhere the same call would lower the whole process: nothing is done
 * there. Returns whether the priority was set.
 */
export function lowerThreadPriority(
  nice: number,
  platform: NodeJS.Platform = process.platform,
  set: (pid: number, priority: number) => void = setPriority,
): boolean {
  if (nice <= 0 || platform !== 'linux') return false;
  try {
    set(0, nice);
    return true;
  } catch {
    // lowering a priority is always allowed; a sandbox that forbids the call leaves the worker as it was
    return false;
  }
}
