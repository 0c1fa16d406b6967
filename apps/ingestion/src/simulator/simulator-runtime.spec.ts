import { SimulatorRuntime, type SimulatorSinks } from './simulator-runtime';
import type { SimSample } from './demo/demo-samples';

const MONDAY_10AM = Date.UTC(2026, 10, 16, 10);

function record(seconds: number, seed = 42, tickS = 1) {
  const opcua: Array<[string, number, number]> = [];
  const mqtt: Array<[string, Record<string, number>]> = [];
  const sparkplug: Array<[string, number]> = [];
  const intake: SimSample[] = [];
  const sinks: SimulatorSinks = {
    opcua: (id, value, ts) => opcua.push([id, value, ts]),
    mqtt: (topic, payload) => mqtt.push([topic, payload]),
    sparkplug: (metric, value) => sparkplug.push([metric, value]),
    intake: (samples) => intake.push(...samples),
  };
  const sut = new SimulatorRuntime(seed, MONDAY_10AM, sinks);
  for (let i = tickS; i <= seconds; i += tickS) sut.tick(MONDAY_10AM + i * 1_000);
  return { opcua, mqtt, sparkplug, intake };
}

describe(SimulatorRuntime.name, () => {
  const minute = record(60);

  it('updates every Plant North node each second, the main meter every 5 s', () => {
    const speeds = minute.opcua.filter(([id]) => id === 'Line1.Speed');
    const meter = minute.opcua.filter(([id]) => id === 'PlantNorth.EnergyKwh');

    expect(speeds).toHaveLength(60);
    expect(meter).toHaveLength(12);
    expect(meter.every(([, kwh]) => kwh > 0)).toBe(true);
  });

  it('publishes one line 3 telemetry message per tick with the fields the model reads', () => {
    const telemetry = minute.mqtt.filter(([topic]) => topic === 'acme/plant-south/line3/telemetry').map(([, p]) => p);

    expect(telemetry).toHaveLength(60);
    expect(Object.keys(telemetry[0]).sort()).toEqual([
      'availability',
      'energy_kwh',
      'good',
      'performance',
      'quality',
      'scrap',
      'speed',
      'state',
      'ts',
    ]);
    expect(minute.sparkplug.filter(([metric]) => metric === 'Vibration/RMS')).toHaveLength(60);
  });

  it('publishes ERP shipments as one message with value, shipped and on_time', () => {
    const hour = record(3_600, 42, 60);
    const orders = hour.mqtt.filter(([topic]) => topic === 'acme/erp/orders').map(([, p]) => p);

    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => typeof o.ts === 'number' && o.shipped >= o.on_time && o.value > 0)).toBe(true);
  });

  it('is reproducible for a seed', () => {
    expect(record(30).opcua).toEqual(record(30).opcua);
    expect(record(30, 5).opcua).not.toEqual(record(30).opcua);
  });
});
