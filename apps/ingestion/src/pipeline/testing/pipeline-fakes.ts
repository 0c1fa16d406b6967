import { Registry } from 'prom-client';
import { sampleMessageId } from '@bsc/cluster';
import type { SignalSample } from '@bsc/common';
import { ingestionTestModel, TwinGraph, type TwinModel } from '@bsc/twin';
import { HealthRegistry, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { IngestionConfig } from '../../config/ingestion.config';
import { ConnectorStatusRegistry } from '../../connectors/connector-status.registry';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { SignalPipeline } from '../signal-pipeline.service';
import type { DeadLetterRecord, DeadLetterStore, SampleKey, SampleStore } from '../pipeline-stores.port';
import type { RawSampleInput } from '../sample-intake.port';

/** The active model, switched by the test. */
export class FakeModel implements ActiveModel {
  private listener: ((s: ActiveModelSnapshot) => void) | undefined;
  constructor(private snapshot: ActiveModelSnapshot) {}
  current = (): ActiveModelSnapshot => this.snapshot;
  onChange = (l: (s: ActiveModelSnapshot) => void): (() => void) => ((this.listener = l), () => undefined);
  import = (): never => {
    throw new Error('not in tests');
  };
  change(model: TwinModel, version: number): void {
    this.snapshot = { model, graph: TwinGraph.fromModel(model), version, importedAt: 0 };
    this.listener?.(this.snapshot);
  }
}

/** PostgreSQL's refusal of 0x00 in text (SQLSTATE 22021): the same bytes fail every time. */
const refusal = (): Error =>
  Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });

/**
 * Stores in memory; fails the first `failures` writes like a database that is down for a moment, and refuses for
 * good any batch holding a sample of value 13 or a dead letter whose detail says "poison".
 */
export class MemoryStore implements SampleStore, DeadLetterStore {
  readonly samples: SignalSample[] = [];
  readonly letters: DeadLetterRecord[] = [];
  /** Reads of stored samples (the pipeline reads only to compare a repeat with what is stored). */
  reads = 0;
  constructor(private failures = 0) {}
  insertNew<T extends SignalSample>(batch: readonly T[]): Promise<readonly T[]> {
    if (this.failures-- > 0) return Promise.reject(new Error('database down'));
    if (batch.some((s) => s.value === 13)) return Promise.reject(refusal());
    // Idempotent on (signal, ts) like the database's primary key.
    const fresh = batch.filter((s) => !this.samples.some((x) => x.signalId === s.signalId && x.ts === s.ts));
    this.samples.push(...fresh);
    return Promise.resolve(fresh);
  }
  readStored(keys: readonly SampleKey[]): Promise<SignalSample[]> {
    this.reads += 1;
    return Promise.resolve(this.samples.filter((x) => keys.some((k) => k.signalId === x.signalId && k.ts === x.ts)));
  }
  insert(records: readonly DeadLetterRecord[]): Promise<void> {
    if (records.some((r) => r.detail.includes('poison'))) return Promise.reject(refusal());
    this.letters.push(...records);
    return Promise.resolve();
  }
}

/**
 * The JetStream sample log as an intake sees it: it drops a sample whose message id (signal, time and reading) it
 * took before, and reads back from the database what the KPI workers stored (`stored`, filled by the test).
 */
export class LogStore implements SampleStore, DeadLetterStore {
  readonly logged: SignalSample[] = [];
  readonly stored: SignalSample[] = [];
  readonly letters: DeadLetterRecord[] = [];
  readonly passesOnUnstored = true;
  /** Reads of what the workers stored. */
  reads = 0;
  private readonly ids = new Set<string>();
  /** @param duplicateWindowMs the log's: here every id is kept, as if each sample came within it */
  constructor(readonly duplicateWindowMs = 120_000) {}
  insertNew<T extends SignalSample>(batch: readonly T[]): Promise<readonly T[]> {
    const fresh = batch.filter((s) => !this.ids.has(sampleMessageId(s)) && this.ids.add(sampleMessageId(s)));
    this.logged.push(...fresh);
    return Promise.resolve(fresh);
  }
  readStored(keys: readonly SampleKey[]): Promise<SignalSample[]> {
    this.reads += 1;
    return Promise.resolve(this.stored.filter((x) => keys.some((k) => k.signalId === x.signalId && k.ts === x.ts)));
  }
  insert(records: readonly DeadLetterRecord[]): Promise<void> {
    this.letters.push(...records);
    return Promise.resolve();
  }
}

/** A database that never answers. */
export class HangingStore implements SampleStore, DeadLetterStore {
  insertNew = (): Promise<never> => new Promise(() => undefined);
  insert = (): Promise<void> => new Promise(() => undefined);
}

export const NOW = Date.now();
export const raw = (signalId: string, value: unknown, ts = NOW - 1_000): RawSampleInput => ({
  signalId,
  ts,
  value,
  source: 'mqtt',
});

/** The pipeline on the given store and model, with its metrics and health. */
export function buildPipeline<S extends SampleStore & DeadLetterStore = MemoryStore>(
  store: S = new MemoryStore() as unknown as S,
  model = ingestionTestModel(),
) {
  const activeModel = new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 });
  const registry = new Registry();
  const metrics = new IngestionMetrics(registry, new ConnectorStatusRegistry());
  const health = new HealthRegistry();
  const sut = new SignalPipeline(new IngestionConfig(), activeModel, store, store, metrics, health);
  return { sut, store, activeModel, registry, health };
}

export const metricTotal = async (registry: Registry, name: string): Promise<number> =>
  (await registry.getSingleMetric(name)!.get()).values.reduce((n, v) => n + v.value, 0);
