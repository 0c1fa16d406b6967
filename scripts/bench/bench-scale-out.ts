/*
 * Scale-out benchmark: throughput and lag of the partitioned KPI computation with 1, 2 and 4 KPI workers, and the
 * failover time after a worker is killed. Each configuration runs on a topology of its own (scripts/rig, as the
 * scale-out proof): a 3-node NATS JetStream cluster, PostgreSQL, Mosquitto, 2 intakes on an MQTT shared subscription
 * and the workers, all from dist. The 1-worker run is the baseline: per-worker efficiency is throughput / (workers ×
 * the 1-worker throughput). CPU time per worker is printed beside wall time: the machine may have fewer cores than
 * processes, and then wall time measures the sharing more than the workers.
 *   node dist/scripts/bench/bench-scale-out.js [--samples 8000] [--workers 1,2,4] [--lease-ttl 3]
 */
import 'reflect-metadata';
import { connectAsync } from 'mqtt';
import { ScaleOutRig } from '../rig/scale-out-rig';
import type { SpawnedApp } from '../rig/spawn-app';
import { until } from '../rig/wait';
import { cpuMs } from './support/ingestion-child';
import { argString } from './support/bench-args';

const SIGNALS = 16;
const PARTITIONS = 8;
/** A multiple of the signals, so each count KPI expects samples / signals. */
const SAMPLES = Math.ceil(Number(argString('samples', '8000')) / SIGNALS) * SIGNALS;
const WORKERS = argString('workers', '1,2,4').split(',').map(Number);
const LEASE_TTL_S = Number(argString('lease-ttl', '3'));
/** Samples published after the kill: they land on the dead worker's partitions too. */
const AFTER_KILL = SAMPLES / 10;

interface Figures {
  workers: number;
  /** Samples per second from the first publish until every count KPI was exact. */
  throughput: number;
  /** Publishing alone (MQTT QoS 1 → intakes → JetStream), samples per second. */
  intakeRate: number;
  /** Milliseconds from the last publish acknowledged until every count KPI was exact. */
  lagMs: number;
  /** throughput / (workers × the 1-worker throughput). */
  efficiency?: number;
  /** Worker CPU milliseconds per 1,000 samples, summed over the workers. */
  workerCpuMsPer1k: number | null;
  /** From the kill until every partition had a live holder again (workers ≥ 2). */
  takeoverMs?: number;
  /** From the kill until the samples published after it were all counted. */
  recoveredMs?: number;
  exact: boolean;
}

/** The count KPIs' total, once each is exact. */
async function counted(rig: ScaleOutRig, total: number): Promise<boolean> {
  const kpis = await rig.kpis();
  return Array.from({ length: SIGNALS }, (_, j) => kpis[`count_s${j}`]).every((v) => v === total / SIGNALS);
}

async function measure(workers: number): Promise<Figures> {
  const rig = await ScaleOutRig.start({ signals: SIGNALS, partitions: PARTITIONS, leaseTtlS: LEASE_TTL_S });
  try {
    await rig.intake(1);
    await rig.intake(2);
    const started: SpawnedApp[] = [];
    for (let n = 1; n <= workers; n++) started.push(await rig.worker(n));
    const pids = started.map((w) => w.process.pid!);
    // balanced before the load: each worker holds its share
    await until(async () => {
      const holders = await rig.partitionHolders();
      return holders.every((h) => pids.includes(h)) && pids.every((pid) => holders.includes(pid));
    }, 60_000);
    const cpuBefore = pids.map((pid) => cpuMs(pid) ?? 0);

    const client = await connectAsync(rig.broker.url, { clientId: `bench-${process.pid}-pub`, protocolVersion: 5 });
    const base = Math.max(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1), Date.now() - 3_600_000);
    try {
      const t0 = Date.now();
      await rig.publish(client, 0, SAMPLES, base);
      const published = Date.now();
      await until(
        () => counted(rig, SAMPLES),
        600_000,
        async () => JSON.stringify(await rig.kpis()),
      );
      const done = Date.now();
      const cpu = pids.map((pid, i) => (cpuMs(pid) ?? NaN) - cpuBefore[i]).reduce((a, b) => a + b, 0);
      const figures: Figures = {
        workers,
        throughput: Math.round((SAMPLES * 1000) / (done - t0)),
        intakeRate: Math.round((SAMPLES * 1000) / (published - t0)),
        lagMs: done - published,
        workerCpuMsPer1k: Number.isNaN(cpu) ? null : Math.round((cpu * 1000) / SAMPLES),
        exact: true,
      };
      if (workers >= 2) {
        const [victim] = started;
        const killed = Date.now();
        victim.process.kill('SIGKILL');
        const more = rig.publish(client, SAMPLES, SAMPLES + AFTER_KILL, base);
        await until(async () => {
          const holders = await rig.partitionHolders();
          return holders.every((h) => h > 0 && h !== victim.process.pid);
        }, 120_000);
        figures.takeoverMs = Date.now() - killed;
        await more;
        await until(() => counted(rig, SAMPLES + AFTER_KILL), 300_000);
        figures.recoveredMs = Date.now() - killed;
      }
      const stored = await rig.stored();
      const total = SAMPLES + (workers >= 2 ? AFTER_KILL : 0);
      figures.exact = stored.every((s) => Number(s.rows) === total / SIGNALS && s.rows === s.distinct);
      return figures;
    } finally {
      await client.endAsync();
    }
  } finally {
    await rig.destroy();
  }
}

async function main(): Promise<void> {
  const runs: Figures[] = [];
  for (const workers of WORKERS) {
    const figures = await measure(workers);
    runs.push(figures);
    process.stderr.write(`${JSON.stringify(figures)}\n`);
  }
  const single = runs.find((r) => r.workers === 1)?.throughput;
  for (const run of runs)
    if (single) run.efficiency = Math.round((run.throughput / (run.workers * single)) * 100) / 100;
  const rows = runs.map(
    (r) =>
      `${String(r.workers).padStart(7)} | ${String(r.throughput).padStart(10)} | ${String(r.intakeRate).padStart(11)} | ` +
      `${String(r.lagMs).padStart(7)} | ${String(r.efficiency ?? '-').padStart(10)} | ` +
      `${String(r.workerCpuMsPer1k ?? '-').padStart(13)} | ${String(r.takeoverMs ?? '-').padStart(11)} | ` +
      `${String(r.recoveredMs ?? '-').padStart(12)} | ${r.exact ? 'exact' : 'WRONG'}`,
  );
  process.stdout.write(
    [
      `${SAMPLES} samples, ${SIGNALS} signals, ${PARTITIONS} partitions, 2 intakes, lease TTL ${LEASE_TTL_S} s; baseline: 1 worker`,
      'workers | samples/s  | intake/s    | lag ms  | efficiency | cpu ms per 1k | takeover ms | recovered ms | stored',
      ...rows,
    ].join('\n') + '\n',
  );
  process.stdout.write(
    `${JSON.stringify({ samples: SAMPLES, signals: SIGNALS, partitions: PARTITIONS, leaseTtlS: LEASE_TTL_S, runs })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
