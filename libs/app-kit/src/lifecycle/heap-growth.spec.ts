import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transformSync } from '@swc/core';
import { applyHeapGrowth } from './heap-growth';

const MB = 1024 * 1024;
/**
 * Room the percent leaves: V8's smallest step between two limits and what the churn allocates while the marking that
 * starts at the limit finishes (75 MB here). With one collector thread that marking advances with the allocation, so
 * the figure is the same on every run and machine load; at 300 % the heap reaches about four times the live size.
 */
const SLACK = 80 * MB;

/** The module under test as CommonJS, for a process of its own to load. */
const HEAP_GROWTH_JS = transformSync(readFileSync(join(__dirname, 'heap-growth.ts'), 'utf8'), {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
}).code;

/**
 * Runs in a child process: V8's flags, heap and collector threads are the process's, so a process of its own starts
 * small and clean and its marking shares nothing with this test process. It applies the growth through the
 * module under test, then keeps a ring of objects replaced one by one: each lives long enough to be promoted to the
 * old generation and dies there, as a busy service's buffered samples do. Prints the live heap with the ring full and
 * the largest heap in use seen while churning.
 */
const CHURN = `
const { getHeapStatistics } = require('node:v8');
const [percent, ringSize, rounds] = process.argv.slice(1).map(Number);
const heapGrowth = { exports: {} };
new Function('exports', 'require', 'module', process.env.HEAP_GROWTH_JS)(heapGrowth.exports, require, heapGrowth);
heapGrowth.exports.applyHeapGrowth(percent);
const ring = Array.from({ length: ringSize }, (_, n) => ({ n, pair: [n, n] }));
gc();
gc();
const live = getHeapStatistics().used_heap_size;
let peak = live;
for (let i = 0; i < ringSize * rounds; i++) {
  ring[i % ringSize] = { n: i, pair: [i, i + 1] };
  if (i % 4096 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
}
process.stdout.write(JSON.stringify({ live, peak }));
`;

async function churn(percent: number, ringSize: number, rounds: number): Promise<{ live: number; peak: number }> {
  const run = promisify(execFile);
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--single-threaded-gc', '-e', CHURN, String(percent), String(ringSize), String(rounds)],
    {
      env: { ...process.env, HEAP_GROWTH_JS, NODE_OPTIONS: '' },
    },
  );
  return JSON.parse(stdout) as { live: number; peak: number };
}

describe('applyHeapGrowth', () => {
  it('collects the old generation before it grows past the percent over what survived', async () => {
    const { live, peak } = await churn(20, 500_000, 12);
    expect(peak).toBeLessThanOrEqual(live * 1.2 + SLACK);
  });

  it('lets it grow further at a larger percent (the setting is what bounds it)', async () => {
    const { live, peak } = await churn(300, 500_000, 12);
    expect(peak).toBeGreaterThan(live * 1.2 + SLACK);
  });

  it('refuses what is not a whole percent', () => {
    expect(() => applyHeapGrowth(-1)).toThrow(RangeError);
    expect(() => applyHeapGrowth(12.5)).toThrow(RangeError);
  });
});
