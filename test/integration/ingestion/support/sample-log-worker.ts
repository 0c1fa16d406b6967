import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import {
  JetStreamLeaseStore,
  JetStreamSampleLog,
  LeaseKeeper,
  PartitionConsumers,
  type SampleLogOptions,
} from '@bsc/cluster';
import { eventStreamName, NatsEventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { DeadLetterRepository, KpiValueRepository, SampleRepository } from '@bsc/persistence';
import { PartitionKpiWorker } from '../../../../apps/ingestion/src/kpi-worker/partition-kpi-worker';

/** Where a test's KPI workers meet: its own log, lease bucket, events prefix and PostgreSQL schema. */
export interface SampleLogWorkerSetup {
  natsUrl: string;
  log: SampleLogOptions;
  bucket: string;
  events: string;
  dataSource: DataSource;
  activeModel: ActiveModel;
  partitions: number;
  leaseTtlMs: number;
}

/** Where a test's workers and intakes meet on NATS: its own log, lease bucket and events prefix. */
export interface SampleLogPlace extends Pick<SampleLogWorkerSetup, 'natsUrl' | 'bucket' | 'events'> {
  log: Required<Pick<SampleLogOptions, 'stream' | 'subjectPrefix' | 'duplicateWindowMs'>>;
}

/** A place named after `label` and a fresh id, so runs in parallel never share a stream or a bucket. */
export function freshSampleLog(natsUrl: string, label: string, duplicateWindowMs: number): SampleLogPlace {
  const id = randomUUID().replace(/-/g, '');
  return {
    natsUrl,
    log: { stream: `TEST_${label.toUpperCase()}_LOG_${id}`, subjectPrefix: `test.${id}.samples`, duplicateWindowMs },
    bucket: `test_${label}_log_${id}`,
    events: `test.${id}.events`,
  };
}

/** Deletes the place's log, events stream and lease bucket. */
export async function removeSampleLog(place: SampleLogPlace): Promise<void> {
  const admin = await connect({ servers: place.natsUrl });
  const jsm = await admin.jetstreamManager();
  await jsm.streams.delete(place.log.stream).catch(() => undefined);
  await jsm.streams.delete(eventStreamName(place.events)).catch(() => undefined);
  await (await admin.jetstream().views.kv(place.bucket)).destroy();
  await admin.close();
}

/**
 * A KPI worker process as INGEST_ROLE=worker runs it: leases, one consumer per partition held, the relay. Resolves
 * once it holds every partition (or after six lease times).
 */
export async function startSampleLogWorker(
  name: string,
  setup: SampleLogWorkerSetup,
): Promise<{ stop(): Promise<void> }> {
  const nc = await connect({ servers: setup.natsUrl });
  const log = await JetStreamSampleLog.open(nc, setup.log);
  const keeper = new LeaseKeeper(
    await JetStreamLeaseStore.open(nc, { bucket: setup.bucket, ttlMs: setup.leaseTtlMs }),
    {
      holder: `${name}-${randomUUID()}`,
    },
  );
  let consumers: PartitionConsumers | undefined = undefined;
  const bus = await NatsEventBus.connect(setup.natsUrl, { prefix: setup.events, retentionS: 60 });
  const handler = new PartitionKpiWorker(
    new SampleRepository(setup.dataSource),
    new KpiValueRepository(setup.dataSource),
    bus,
    setup.activeModel,
    (snapshot) => new KpiEngine(snapshot.model),
    {
      partitions: setup.partitions,
      fence: (p) => consumers?.fence(p),
      relay: log,
      deadLetters: new DeadLetterRepository(setup.dataSource),
    },
  );
  consumers = new PartitionConsumers(nc, log, keeper, handler, { partitions: setup.partitions, fetchWaitMs: 500 });
  consumers.start();
  const own = consumers;
  const until = Date.now() + 6 * setup.leaseTtlMs;
  while (own.partitions().length < setup.partitions && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return {
    stop: async () => {
      handler.close();
      await own.close();
      await keeper.close();
      await bus.close();
      if (!nc.isClosed()) await nc.close();
    },
  };
}
