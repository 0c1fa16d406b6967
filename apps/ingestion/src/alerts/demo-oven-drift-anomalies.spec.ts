import { join } from 'node:path';
import { loadValidModelFromFile } from '@bsc/twin';
import { ovenDrift } from '../simulator/plant/oven-model';
import { MIN, play, SEC, type Played } from './testing/demo-incident-play';

/*
 * The line 2 oven drift (seed 42). Its start is the simulator's first changed value: the descaling of Wednesday
 * 23 Sep 2026 00:00 (oven-model.ts's anchor, in the night shift, so the oven is at its set point on both sides),
 * where the drift falls from 75 × 0.07 = 5.25 °C to 0 and starts rising again. That step is 21 times the readings'
 * 0.25 °C noise. The rise after it, 0.07 °C a day, adds 0.07 × 6 / 24 = 0.0175 °C in six hours, 0.07 of the noise:
 * no detector can tell it within a minute (oven-model.ts works out the 5.2 h a test knowing its start and slope
 * needs), and ours must not claim to. Played from 20 minutes before the descaling (the detectors start empty).
 */
const DESCALED = Date.UTC(2026, 8, 23);
const FROM = DESCALED - 20 * MIN;
const TO = DESCALED + 6 * 60 * MIN;
const SIGNAL = 'line2.oven_temp';

describe('anomaly alerts on the demo oven drift', () => {
  let played: Played;
  beforeAll(async () => {
    const model = await loadValidModelFromFile(join(__dirname, '../../../../models/demo/acme-manufacturing.yaml'));
    played = play(model, FROM, TO);
  });

  it('starts the drift at the descaling: the value falls by 5.25 °C, then rises 0.07 °C a day', () => {
    expect(ovenDrift(DESCALED - SEC)).toBeCloseTo(5.25, 4);
    expect(ovenDrift(DESCALED)).toBe(0);
    expect(ovenDrift(TO)).toBeCloseTo(0.0175, 9);
  });

  it('alerts on the oven within a minute of the drift starting', () => {
    const first = played.alerting.find((a) => a.at >= DESCALED && a.signalId === SIGNAL);
    expect(first).toBeDefined();
    expect((first?.at ?? Infinity) - DESCALED).toBeLessThanOrEqual(MIN);
    expect(played.raised.some((r) => r.at === first?.at && r.kpiId === first?.kpiId)).toBe(true);
  });

  it('raises nothing for the rise that follows, a fraction of the noise', () => {
    expect(played.alerting.filter((a) => a.at >= DESCALED + 10 * MIN && a.signalId === SIGNAL)).toEqual([]);
  });

  it('raises nothing on the oven in the 10 minutes before the descaling (after the warm-up)', () => {
    expect(played.alerting.filter((a) => a.at >= FROM + 10 * MIN && a.at < DESCALED)).toEqual([]);
  });
});
