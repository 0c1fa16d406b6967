import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { applyHeapGrowth } from './heap-growth';

const MB = 1024 * 1024;
/**
 * Young generation (two 16 MB semi-spaces), V8's smallest step between two limits, and what the churn allocates while
 * a concurrent marking started at the limit finishes (its helper threads are the process's, shared with the test
 * process's own collections): room the percent leaves. At 300 % the heap reaches about four times the live size,
 * far above it.
 */
const SLACK = 96 * MB;

/**
 * Runs in a worker thread: V8's flags are the process's, so the worker's heap follows the growth set here, and it
 * starts small and clean whatever this test process holds. A ring of objects replaced one by one: each lives long
 * enough to be promoted to the old generation and dies there, as a busy service's buffered samples do. Answers the
 * live heap with the ring full and the largest heap in use seen while churning.
 */
const CHURN = `
const { getHeapStatistics } = require('node:v8');
const { parentPort, workerData } = require('node:worker_threads');
const collect = globalThis.gc; // the worker's isolate is made after --expose-gc
const { ringSize, rounds } = workerData;
const ring = Array.from({ length: ringSize }, (_, n) => ({ n, pair: [n, n] }));
collect();
collect();
const live = getHeapStatistics().used_heap_size;
let peak = live;
for (let i = 0; i < ringSize * rounds; i++) {
  ring[i % ringSize] = { n: i, pair: [i, i + 1] };
  if (i % 4096 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
}
parentPort.postMessage({ live, peak });
`;

function churn(ringSize: number, rounds: number): Promise<{ live: number; peak: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHURN, { eval: true, workerData: { ringSize, rounds } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('applyHeapGrowth', () => {
  beforeAll(() => setFlagsFromString('--expose-gc'));
  afterAll(() => applyHeapGrowth(0)); // V8's own choice again for the specs that share this process

  it('collects the old generation before it grows past the percent over what survived', async () => {
    applyHeapGrowth(20);
    const { live, peak } = await churn(500_000, 12);
    expect(peak).toBeLessThanOrEqual(live * 1.2 + SLACK);
  });

  it('lets it grow further at a larger percent (the setting is what bounds it)', async () => {
    applyHeapGrowth(300);
    const { live, peak } = await churn(500_000, 12);
    expect(peak).toBeGreaterThan(live * 1.2 + SLACK);
  });

  it('refuses what is not a whole percent', () => {
    expect(() => applyHeapGrowth(-1)).toThrow(RangeError);
    expect(() => applyHeapGrowth(12.5)).toThrow(RangeError);
  });
});
