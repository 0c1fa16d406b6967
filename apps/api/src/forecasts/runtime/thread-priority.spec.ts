import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority';

describe(lowerThreadPriority.name, () => {
  it.each([
    { nice: 10, platform: 'linux' as const, calls: [[0, 10]], set: true },
    { nice: 0, platform: 'linux' as const, calls: [], set: false },
    // elsewhere the call would lower the whole process, API and all
    { nice: 10, platform: 'darwin' as const, calls: [], set: false },
    { nice: 10, platform: 'win32' as const, calls: [], set: false },
  ])('nice $nice on $platform: set $set', ({ nice, platform, calls, set }) => {
    const seen: number[][] = [];
    expect(lowerThreadPriority(nice, platform, (pid, priority) => void seen.push([pid, priority]))).toBe(set);
    expect(seen).toEqual(calls);
  });

  it('leaves the worker as it was when the call is refused', () => {
    const refuse = () => {
      throw new Error('EPERM');
    };
    expect(lowerThreadPriority(10, 'linux', refuse)).toBe(false);
  });

  (process.platform === 'linux' ? it : it.skip)(
    'on Linux lowers a worker thread only, not the thread that started it',
    async () => {
      const before = getPriority(0);
      // the same call as lowerThreadPriority's, in a thread of its own
      const worker = new Worker(
        "const os = require('node:os'); const { parentPort } = require('node:worker_threads');" +
          'os.setPriority(0, 7); parentPort.postMessage(os.getPriority(0));',
        { eval: true },
      );
      const inWorker = await new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(inWorker).toBe(Math.max(7, before));
      expect(getPriority(0)).toBe(before);
    },
  );
});
