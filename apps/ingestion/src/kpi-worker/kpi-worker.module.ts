import { Module } from '@nestjs/common';
import { KpiWorkerService } from './kpi-worker.service';

/** The KPI worker role (INGEST_ROLE=worker); needs PipelineModule (config, engine factory) and PersistenceModule. */
@Module({ providers: [KpiWorkerService] })
export class KpiWorkerModule {}
