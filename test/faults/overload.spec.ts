import { readFileSync, writeFileSync } from 'node:fs';
import { metricValue } from '../support';
import { DATABASE, FaultRig, faultModel, sampleBase, valueOf } from './support/fault-rig';
import { sleep, until } from '../../scripts/rig/wait';

jest.setTimeout(180_000);

/** QoS 1 samples of the counted signal and QoS 0 telemetry samples, all published at once. */
const QOS1 = 10_000;
const QOS0 = 10_000;
const TELEMETRY = 'fault.telemetry';
/** A small window: it fills within milliseconds of the burst, so QoS 0 parking overflows. */
const RECEIVE_MAXIMUM = 200;
/** Every insert statement into signal_sample costs this much more: a database far slower than the burst. */
const SLOW_INSERT_S = 0.2;
const KEEPALIVE_S = 5;
/** Generous: the process holds at most a window of messages and a bounded buffer; a leak of the burst shows. */
const RSS_BOUND_BYTES = 768 * 1024 * 1024;

/** The fault twin plus a QoS 0 telemetry signal on its own topic, not counted by any KPI. */
function overloadModel(prefix: string): object {
  const model = faultModel(prefix) as { signals: object[] };
  model.signals.push({
    id: TELEMETRY,
    name: 'Telemetry',
    measures: 'line',
    unit: 'units',
    dataType: 'double',
    source: { mqtt: { topic: `${prefix}/telemetry`, jsonPath: '$.v', timestampPath: '$.ts' } },
  });
  return model;
}

/** Resident set size of a process, from the kernel's own accounting. */
function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

describe('fault: a burst far above what ingestion can store, into a slowed database', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
    writeFileSync(rig.modelFile, JSON.stringify(overloadModel(rig.prefix)));
    await rig.startIngestion({
      MQTT_RECEIVE_MAXIMUM: String(RECEIVE_MAXIMUM),
      MQTT_KEEPALIVE_S: String(KEEPALIVE_S),
    });
    // The schema exists once ingestion is ready; from now on every sample insert waits SLOW_INSERT_S in the database.
    await rig.pg.query(
      DATABASE,
      `CREATE FUNCTION slow_insert() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(${SLOW_INSERT_S}); RETURN NULL; END $$ LANGUAGE plpgsql`,
    );
    await rig.pg.query(
      DATABASE,
      `CREATE TRIGGER slow_insert BEFORE INSERT ON signal_sample FOR EACH STATEMENT EXECUTE FUNCTION slow_insert()`,
    );
  }, 90_000);

  afterAll(async () => {
    await rig?.destroy();
  });

  it('stays alive with bounded memory, stores every QoS 1 sample once, and counts every QoS 0 sample it drops', async () => {
    const pid = rig.app!.process.pid!;
    let peakRss = rssBytes(pid);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, rssBytes(pid));
        await sleep(200);
      }
    })();

    const base = sampleBase();
    const publisher = await rig.publisher();
    // As fast as the publisher can write: no waiting for the broker between messages, QoS 0 and QoS 1 interleaved.
    const acked: Promise<unknown>[] = [];
    for (let i = 0; i < Math.max(QOS1, QOS0); i++) {
      if (i < QOS1)
        acked.push(publisher.publishAsync(rig.topic, JSON.stringify({ v: valueOf(i), ts: base + i }), { qos: 1 }));
      if (i < QOS0) publisher.publish(`${rig.prefix}/telemetry`, JSON.stringify({ v: 1, ts: base + i }), { qos: 0 });
    }
    await Promise.all(acked);
    await publisher.endAsync();

    // 10,000 QoS 1 samples of values 1..10 repeating: count 10,000, sum 1,000 * 55 = 55,000, none lost or doubled.
    await rig.caughtUp(QOS1, 120_000);
    expect(await rig.stored()).toEqual({ rows: QOS1, distinct: QOS1, sum: 55_000 });

    // QoS 0 promises at most once: what was not stored was dropped at the full window, and counted there.
    const telemetry = async (): Promise<{ rows: number; distinct: number }> => {
      const [row] = await rig.pg.query<{ rows: string; distinct: string }>(
        DATABASE,
        `SELECT count(*) AS rows, count(DISTINCT ts) AS distinct FROM signal_sample WHERE signal_id = $1`,
        [TELEMETRY],
      );
      return { rows: Number(row.rows), distinct: Number(row.distinct) };
    };
    const dropped = async (): Promise<number> =>
      metricValue(await rig.metrics(), 'bsc_mqtt_qos0_overflow_dropped_total', { connector: 'mqtt' });
    const settled = await until(
      async () => {
        const stored = await telemetry();
        return stored.rows + (await dropped()) === QOS0 ? stored : undefined;
      },
      30_000,
      async () => `telemetry ${JSON.stringify(await telemetry())}, dropped ${await dropped()}${await rig.explain()}`,
    );
    expect(settled.distinct).toBe(settled.rows);
    // The burst really overflowed the window (else this test would not exercise the drop at all).
    expect(await dropped()).toBeGreaterThan(0);
    expect(metricValue(await rig.metrics(), 'bsc_samples_stored_total')).toBe(QOS1 + settled.rows);

    sampling = false;
    await sampler;
    process.stdout.write(
      `overload: peak RSS ${Math.round(peakRss / 1024 / 1024)} MB, QoS 0 stored ${settled.rows}, dropped ${QOS0 - settled.rows}\n`,
    );
    expect(peakRss).toBeLessThan(RSS_BOUND_BYTES);
    expect(rig.app!.process.exitCode).toBeNull();
    expect(rig.app!.output()).not.toMatch(/Maximum call stack|Keepalive timeout/);
    expect((await fetch(rig.url('/health'))).status).toBe(200);
  });
});
