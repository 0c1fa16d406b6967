/*
 * Model checksum benchmark: canonicalChecksum (what a model version is stored under, and what keys the forecasts'
 * stored daily values) on bench:scale's generated model of --signals signals (100,000 by default, with its 10,000
 * KPIs), as validated: CPU ms per checksum over --rounds rounds after one warm-up, the median printed, with the
 * checksum so two builds can be compared side by side (run it on the build before and after, alternately).
 *   node dist/scripts/bench/bench-model-checksum.js [--signals 100000] [--rounds 5]
 * Last line: one JSON object.
 */
import { canonicalChecksum } from '@bsc/persistence';
import { validateModel } from '@bsc/twin';
import { scaleModel } from './support/scale-model';
import { argNumber } from './support/bench-args';
import { median, ownCpuMs } from './support/bench-stats';

const SIGNALS = argNumber('signals', 100_000);
const ROUNDS = argNumber('rounds', 5);

function main(): void {
  const model = validateModel(scaleModel(SIGNALS, 'bench')).model;
  let checksum = canonicalChecksum(model);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = ownCpuMs();
    checksum = canonicalChecksum(model);
    times.push(ownCpuMs() - started);
  }
  const middle = median(times);
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `${SIGNALS} signals: checksum ${middle.toFixed(1)} ms CPU (median of ${ROUNDS}), ${checksum.slice(0, 16)}`,
  );
  console.log(
    JSON.stringify({ signals: SIGNALS, rounds: ROUNDS, checksumCpuMs: round1(middle), checksum, rssMb: rss }),
  );
}

const round1 = (v: number) => Math.round(v * 10) / 10;

main();
