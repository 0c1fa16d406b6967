import { join } from 'node:path';
import { PlannedDowntime } from '@bsc/kpi';
import { loadValidModelFromFile } from '@bsc/twin';
import { LINE_IDS, LINE_SPECS } from './line-spec';
import { isPlannedProduction } from './plant-calendar';
import { DAY_MS, MINUTE_MS } from './sim-time';

/*
 * The demo model declares the plant's planned downtime (calendar.plannedDowntime) so that alerts know a stop was
 * planned; the simulator keeps its own calendar. Minute by minute over a whole week (Monday 2 Nov 2026 to the next
 * Monday 06:01), each line is stopped in the model exactly when the simulator does not plan it to produce.
 */
describe('the demo plant calendar', () => {
  it('is the planned downtime the demo model declares', async () => {
    const model = await loadValidModelFromFile(join(__dirname, '../../../../../models/demo/acme-manufacturing.yaml'));
    const downtime = new PlannedDowntime(model);
    const from = Date.UTC(2026, 10, 2);
    const disagree: string[] = [];
    let stopped = 0;
    for (let ts = from; ts <= from + 7 * DAY_MS + 361 * MINUTE_MS; ts += MINUTE_MS) {
      for (const line of LINE_IDS) {
        const planned = downtime.stateAt(line, ts) === 'stopped';
        if (planned) stopped++;
        if (planned === isPlannedProduction(LINE_SPECS[line], ts))
          disagree.push(`${line} ${new Date(ts).toISOString()}`);
      }
    }
    expect(disagree).toEqual([]);
    // per line: Mon 00:00-06:00 (360) + the weekend Sat 22:00-Mon 06:00 (1920), plus
    // line 1: Tue-Fri 05:30-06:00 (4 × 30; Monday's falls in the night off), line 2: Wed 14:00-16:00 (120),
    // line 3: Tue and Thu 10:00-10:45 (90) = 3 × 2280 + 120 + 120 + 90 = 7170
    expect(stopped).toBe(7170);
  });
});
