import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { registerHeapAfterGcMetric } from './heap-after-gc.metric';

describe('registerHeapAfterGcMetric', () => {
  it('reports the heap in use after a major collection', async () => {
    const registry = new Registry();
    const observer = registerHeapAfterGcMetric(registry, 'test_');
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc(); // a full, major collection
      // observers are called asynchronously: poll (a fixed wait is a race on a busy machine), for at most 5 s
      const read = async () =>
        (await registry.getSingleMetric('test_heap_after_major_gc_bytes')!.get()).values[0]?.value ?? 0;
      for (const deadline = Date.now() + 5_000; (await read()) === 0 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const value = await read();
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(process.memoryUsage().heapTotal);
    } finally {
      observer.disconnect();
    }
  });
});
