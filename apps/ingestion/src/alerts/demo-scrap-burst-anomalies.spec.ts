import { join } from 'node:path';
import type { TwinModel } from '@bsc/twin';
import { loadValidModelFromFile } from '@bsc/twin';
import type { LineId } from '../simulator/plant/line-spec';
import { delay, incidentStarts, MIN, play, SEC } from './testing/demo-incident-play';

/*
 * The first scrap burst of each line in the demo (seed 42): the line's scrap rate rises about sevenfold while its
 * per-second scrap count stays mostly 0 or 1. Each is played from 15 minutes before it (the detectors start empty).
 */
const BURSTS: Array<{ line: LineId; at: number }> = [
  { line: 'line1', at: Date.parse('2026-11-16T06:45:51Z') },
  { line: 'line2', at: Date.parse('2026-11-17T06:41:34Z') },
  { line: 'line3', at: Date.parse('2026-11-19T15:56:29Z') },
];
const BEFORE = 15 * MIN;

describe('anomaly alerts on the demo scrap bursts', () => {
  let model: TwinModel;
  beforeAll(async () => {
    model = await loadValidModelFromFile(join(__dirname, '../../../../models/demo/acme-manufacturing.yaml'));
  });

  it.each(BURSTS)('alerts within a minute of the burst on $line', ({ line, at }) => {
    const starts = incidentStarts(at - BEFORE, at + SEC);
    expect(starts).toContainEqual({ line, kind: 'burst', at });
    const played = play(model, at - BEFORE, at + 2 * MIN);
    expect(delay(played, { line, at })).not.toBeNull();
    expect(delay(played, { line, at })).toBeLessThanOrEqual(60);
  });
});
