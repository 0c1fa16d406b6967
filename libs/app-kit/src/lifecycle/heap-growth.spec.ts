import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { applyHeapGrowth } from './heap-growth';

const MB = 1024 * 1024;
/** Young generation (two 16 MB semi-spaces) plus V8's smallest step between two limits: room the percent leaves. */
const SLACK = 64 * MB;

/**
 * A ring of objects replaced one by one: each lives long enough to be promoted to the old generation and dies there,
 * as a busy service's buffered samples do. Returns the live heap with the ring full and the largest heap in use seen.
 */
function churn(gc: () => void, ringSize: number, rounds: number): { live: number; peak: number } {
  const ring: Array<{ n: number; pair: number[] }> = Array.from({ length: ringSize }, (_, n) => ({ n, pair: [n, n] }));
  gc();
  gc();
  const live = getHeapStatistics().used_heap_size;
  let peak = live;
  for (let i = 0; i < ringSize * rounds; i++) {
    ring[i % ringSize] = { n: i, pair: [i, i + 1] };
    if (i % 4096 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
  }
  return { live, peak };
}

describe('applyHeapGrowth', () => {
  let gc: () => void;
  beforeAll(() => {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  });
  afterAll(() => applyHeapGrowth(0)); // V8's own choice again for the specs that share this process

  it('collects the old generation before it grows past the percent over what survived', () => {
    applyHeapGrowth(20);
    const { live, peak } = churn(gc, 500_000, 12);
    expect(peak).toBeLessThanOrEqual(live * 1.2 + SLACK);
  });

  it('lets it grow further at a larger percent (the setting is what bounds it)', () => {
    applyHeapGrowth(300);
    const { live, peak } = churn(gc, 500_000, 12);
    expect(peak).toBeGreaterThan(live * 1.2 + SLACK);
  });

  it('refuses what is not a whole percent', () => {
    expect(() => applyHeapGrowth(-1)).toThrow(RangeError);
    expect(() => applyHeapGrowth(12.5)).toThrow(RangeError);
  });
});
