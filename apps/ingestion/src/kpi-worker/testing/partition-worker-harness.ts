import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import type { EventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { PartitionKpiWorker, type PartitionKpiWorkerOptions } from '../partition-kpi-worker';

/**
 * What the partition worker specs share: per test (open() … close()) an in-memory database with its sample and
 * revision stores, workers over them, and the stored KPI values to check.
 */
export class PartitionWorkerHarness {
  dataSource!: DataSource;
  samples!: SampleRepository;
  revisions!: KpiValueRepository;

  async open(): Promise<void> {
    Logger.overrideLogger(false);
    this.dataSource = await openDataSource({ sqlitePath: ':memory:' });
    this.samples = new SampleRepository(this.dataSource);
    this.revisions = new KpiValueRepository(this.dataSource);
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }

  worker(activeModel: ActiveModel, bus: EventBus, options: PartitionKpiWorkerOptions): PartitionKpiWorker {
    return new PartitionKpiWorker(
      this.samples,
      this.revisions,
      bus,
      activeModel,
      (s) => new KpiEngine(s.model),
      options,
    );
  }

  /** The value stored for a KPI's period (undefined: none). */
  async stored(kpiId: string, periodKey: string): Promise<number | null | undefined> {
    return (await this.revisions.asOf([kpiId], [periodKey])).find((r) => r.periodKey === periodKey)?.value;
  }
}
