import { BusinessSimulator } from './business/business-simulator';
import { DEMO_SIGNAL_ROUTES } from './demo/demo-signal-routes';
import { plantSamples, type SimSample } from './demo/demo-samples';
import { PlantSimulator } from './plant/plant-simulator';
import { MINUTE_MS } from './plant/sim-time';

/** Where live values go; each transport is optional so tests can watch one at a time. */
export interface SimulatorSinks {
  opcua?(identifier: string, value: number, ts: number): void;
  /** One JSON message per topic and timestamp, fields named as in the model's jsonPaths. */
  mqtt?(topic: string, payload: Record<string, number>): void;
  sparkplug?(metric: string, value: number, ts: number): void;
  intake?(samples: SimSample[]): void;
}

/** Main meters are read less often than the lines (as a real energy meter would be polled). */
const METER_EVERY_MS: Record<string, number> = { 'plant_north.energy_kwh': 5_000, 'plant_south.energy_kwh': 10_000 };
const WARM_UP_MS = 60 * MINUTE_MS;

/**
 * The live simulation: every tick advances the plant to `now`, routes each value to its transport, and
 * emits the business events whose time has come. Plain logic, driven by a timer in SimulatorService.
 */
export class SimulatorRuntime {
  private readonly plant: PlantSimulator;
  private readonly business: BusinessSimulator;
  private last: number;
  private readonly meterTotals = new Map<string, { value: number; since: number }>();

  constructor(
    seed: number,
    start: number,
    private readonly sinks: SimulatorSinks,
  ) {
    this.plant = new PlantSimulator(seed);
    this.business = new BusinessSimulator(seed, this.plant.incidents);
    // Run the last hour minute by minute so rolling ratios start from a settled state.
    for (let ts = start - WARM_UP_MS + MINUTE_MS; ts <= start; ts += MINUTE_MS) this.plant.step(ts, MINUTE_MS);
    this.last = start;
  }

  tick(now: number): void {
    if (now <= this.last) return;
    const dt = now - this.last;
    const samples = plantSamples(this.plant.step(now, dt), { plantMeters: true });
    this.route(samples.filter((s) => !(s.signalId in METER_EVERY_MS)));
    this.routeMeters(
      samples.filter((s) => s.signalId in METER_EVERY_MS),
      this.last,
      now,
    );
    this.route(this.business.eventsBetween(this.last, now));
    this.last = now;
  }

  private routeMeters(samples: readonly SimSample[], previous: number, now: number): void {
    for (const sample of samples) {
      const total = this.meterTotals.get(sample.signalId) ?? { value: 0, since: previous };
      total.value += sample.value;
      if (now - total.since >= METER_EVERY_MS[sample.signalId]) {
        this.route([{ signalId: sample.signalId, ts: now, value: Math.round(total.value * 1000) / 1000 }]);
        this.meterTotals.set(sample.signalId, { value: 0, since: now });
      } else {
        this.meterTotals.set(sample.signalId, total);
      }
    }
  }

  private route(samples: readonly SimSample[]): void {
    const messages = new Map<string, Record<string, number>>();
    const intake: SimSample[] = [];
    for (const sample of samples) {
      const route = DEMO_SIGNAL_ROUTES[sample.signalId];
      if (!route) continue;
      switch (route.transport) {
        case 'opcua':
          this.sinks.opcua?.(route.identifier, sample.value, sample.ts);
          break;
        case 'sparkplug':
          this.sinks.sparkplug?.(route.metric, sample.value, sample.ts);
          break;
        case 'intake':
          intake.push(sample);
          break;
        case 'mqtt': {
          const key = `${route.topic}\u0000${sample.ts}`;
          const payload = messages.get(key) ?? { ts: sample.ts };
          payload[route.field] = sample.value;
          messages.set(key, payload);
          break;
        }
      }
    }
    for (const [key, payload] of messages) this.sinks.mqtt?.(key.split('\u0000')[0], payload);
    if (intake.length > 0) this.sinks.intake?.(intake);
  }
}
