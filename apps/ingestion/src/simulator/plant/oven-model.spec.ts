import { ovenDrift } from './oven-model';
import { DAY_MS } from './sim-time';

/** The descaling the cycle is anchored on (oven-model.ts) and the next one, 75 days on. */
const DESCALED = Date.UTC(2026, 8, 23);
const NEXT = DESCALED + 75 * DAY_MS;

describe('the line 2 oven drift', () => {
  it('rises 0.07 °C a day at every moment of its cycle: no moment at which it starts', () => {
    for (const day of [0, 1, 10, 30, 60, 73]) {
      const at = DESCALED + day * DAY_MS;
      expect(ovenDrift(at + DAY_MS) - ovenDrift(at)).toBeCloseTo(0.07, 9);
      // 0.07 / 1440 per minute: 4.9e-5 °C, a 5 000th of the readings' 0.25 °C noise
      expect(ovenDrift(at + 60_000) - ovenDrift(at)).toBeCloseTo(0.07 / 1440, 12);
    }
  });

  it('steps down only at the descaling, by 75 × 0.07 = 5.25 °C', () => {
    expect(ovenDrift(NEXT - 1)).toBeCloseTo(5.25, 6);
    expect(ovenDrift(NEXT)).toBe(0);
  });
});
