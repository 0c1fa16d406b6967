import { join } from 'node:path';
import type { TwinModel } from '@bsc/twin';
import { loadValidModelFromFile } from '@bsc/twin';
import { MIN, play, SEC, type Played } from './testing/demo-incident-play';

/*
 * Planned stops of the demo plant (seed 42), each played from 30 minutes before it to 45 minutes after its end; the
 * detectors start empty, so the first 10 minutes are their warm-up. The demo model declares both stops in
 * calendar.plannedDowntime: line 3's die cleaning, Tuesday 10:00-10:45, and line 2's changeover, Wednesday
 * 14:00-16:00. The stopped line's signals and its plant's main meter see the stop and the restart; none of that may
 * alert. Without the declaration the same stop alerts (the line's scrap and good counts fall to zero). A stop is a
 * regime of its own, judged by a detector of its own: the stop itself is not news there, so it is not recorded as
 * an anomaly; what is found inside it (a meter that does not drop) is, flagged planned.
 */
const STOPS = [
  {
    name: "line 3's die cleaning",
    from: Date.UTC(2026, 10, 17, 9, 30),
    start: Date.UTC(2026, 10, 17, 10, 0),
    end: Date.UTC(2026, 10, 17, 10, 45),
    to: Date.UTC(2026, 10, 17, 11, 30),
    prefixes: ['line3.', 'plant_south.'],
  },
  {
    name: "line 2's changeover",
    from: Date.UTC(2026, 10, 18, 13, 30),
    start: Date.UTC(2026, 10, 18, 14, 0),
    end: Date.UTC(2026, 10, 18, 16, 0),
    to: Date.UTC(2026, 10, 18, 16, 45),
    prefixes: ['line2.', 'plant_north.'],
  },
];
const WARM_UP = 10 * MIN;
/** The longest interval of a demo signal: the south meter's 10 s totals. */
const METER_INTERVAL = 10 * SEC;

function onStoppedPlant(list: Played['alerting'], prefixes: readonly string[], from: number): string[] {
  return list
    .filter((a) => a.at >= from && prefixes.some((p) => a.signalId.startsWith(p)))
    .map((a) => `${new Date(a.at).toISOString().slice(11, 19)} ${a.signalId}`);
}

describe('anomaly alerts around the demo plant planned stops', () => {
  let model: TwinModel;
  beforeAll(async () => {
    model = await loadValidModelFromFile(join(__dirname, '../../../../models/demo/acme-manufacturing.yaml'));
  });

  it.each(STOPS)('raises no alert for $name or its restart', (stop) => {
    const played = play(model, stop.from, stop.to);
    expect(onStoppedPlant(played.alerting, stop.prefixes, stop.from + WARM_UP)).toEqual([]);
    // what is flagged planned lies in the stop, or is the first reading after it (a meter total spanning the end)
    for (const a of played.planned) {
      expect(a.at).toBeGreaterThanOrEqual(stop.start);
      expect(a.at).toBeLessThanOrEqual(stop.end + METER_INTERVAL);
    }
  });

  it("alerts on line 3's die cleaning when the model does not declare it", () => {
    const undeclared: TwinModel = { ...model, calendar: { ...model.calendar, plannedDowntime: undefined } };
    const [stop] = STOPS;
    const played = play(undeclared, stop.from, stop.to);
    expect(onStoppedPlant(played.alerting, stop.prefixes, stop.start).length).toBeGreaterThan(0);
    expect(played.planned).toEqual([]);
  });
});
