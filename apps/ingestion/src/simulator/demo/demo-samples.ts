import type { LineReading } from '../plant/line-simulator';
import type { PlantReading } from '../plant/plant-simulator';

/** One simulated value of one demo signal. */
export interface SimSample {
  signalId: string;
  ts: number;
  value: number;
}

/** The plant reading as demo-model samples; ratios only when production was planned in the interval. */
export function plantSamples(
  reading: PlantReading,
  options: { plantMeters: boolean } = { plantMeters: true },
): SimSample[] {
  const { ts } = reading;
  const samples: SimSample[] = [
    ...lineSamples('line1', reading.lines.line1, ts, reading.lines.line1.energyWh),
    ...lineSamples('line2', reading.lines.line2, ts, reading.lines.line2.energyWh),
    ...lineSamples('line3', reading.lines.line3, ts, Math.round(reading.lines.line3.energyWh) / 1000),
    { signalId: 'line2.oven_temp', ts, value: reading.ovenTemperature },
    { signalId: 'line3.cutter_vibration', ts, value: reading.cutterVibration },
  ];
  if (options.plantMeters) {
    samples.push(
      { signalId: 'plant_north.energy_kwh', ts, value: reading.plantNorthKwh },
      { signalId: 'plant_south.energy_kwh', ts, value: reading.plantSouthKwh },
    );
  }
  return samples;
}

function lineSamples(line: string, r: LineReading, ts: number, energy: number): SimSample[] {
  const samples: SimSample[] = [
    { signalId: `${line}.state`, ts, value: r.state },
    { signalId: `${line}.speed`, ts, value: r.speed },
    { signalId: `${line}.good_count`, ts, value: r.goodCount },
    { signalId: `${line}.scrap_count`, ts, value: r.scrapCount },
    { signalId: `${line}.energy_kwh`, ts, value: energy },
  ];
  if (r.availability !== undefined) samples.push({ signalId: `${line}.availability`, ts, value: r.availability });
  if (r.performance !== undefined) samples.push({ signalId: `${line}.performance`, ts, value: r.performance });
  if (r.quality !== undefined) samples.push({ signalId: `${line}.quality`, ts, value: r.quality });
  return samples;
}
