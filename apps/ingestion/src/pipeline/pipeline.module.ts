import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { DeadLetterRepository, KpiCheckpointRepository, KpiValueRepository, SampleRepository } from '@bsc/persistence';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import { ConnectorActivity } from '../connectors/connector-activity';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { kpiEngineFactory } from '../kpi/kpi-engine.factory';
import { KPI_ENGINE_FACTORY, KPI_REVISION_STORE, SAMPLE_HISTORY } from '../kpi/kpi-engine.port';
import { KpiFeedService } from '../kpi/kpi-feed.service';
import { KPI_CHECKPOINT_STORE } from '../kpi/kpi-checkpoints';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { JetStreamSampleStore } from '../sample-log/jetstream-sample-store';
import { IngestionStatusPublisher } from '../metrics/ingestion-status.publisher';
import { DEAD_LETTER_STORE, SAMPLE_STORE } from './pipeline-stores.port';
import { SAMPLE_INTAKE } from './sample-intake.port';
import { SignalPipeline } from './signal-pipeline.service';

/**
 * The pipeline and what every connector needs (config, intake, status registry, metrics), global so connector
 * modules inject them directly. Storage comes from the app's PersistenceModule.
 */
@Module({})
export class PipelineModule {
  static register(config: IngestionConfig): DynamicModule {
    const shared = [
      INGESTION_CONFIG,
      SAMPLE_INTAKE,
      SignalPipeline,
      ConnectorStatusRegistry,
      IngestionMetrics,
      KpiFeedService,
      // the KPI worker role's too
      KPI_REVISION_STORE,
      KPI_ENGINE_FACTORY,
      DEAD_LETTER_STORE,
    ];
    return {
      module: PipelineModule,
      global: true,
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        ConnectorStatusRegistry,
        ConnectorActivity,
        IngestionStatusPublisher,
        IngestionMetrics,
        SignalPipeline,
        { provide: SAMPLE_INTAKE, useExisting: SignalPipeline },
        sampleStore(config),
        { provide: SAMPLE_HISTORY, useExisting: SampleRepository },
        { provide: KPI_REVISION_STORE, useExisting: KpiValueRepository },
        { provide: KPI_CHECKPOINT_STORE, useExisting: KpiCheckpointRepository },
        { provide: DEAD_LETTER_STORE, useExisting: DeadLetterRepository },
        { provide: KPI_ENGINE_FACTORY, useValue: kpiEngineFactory(config) },
        KpiFeedService,
      ],
      exports: shared,
    };
  }
}

/** The database by default (and in a KPI worker); the JetStream sample log when this process is a scale-out intake. */
function sampleStore(config: IngestionConfig): Provider {
  if (config.SAMPLE_LOG !== 'jetstream' || config.INGEST_ROLE === 'worker')
    return { provide: SAMPLE_STORE, useExisting: SampleRepository };
  return {
    provide: SAMPLE_STORE,
    useFactory: (model: ActiveModel, samples: SampleRepository) =>
      JetStreamSampleStore.connect(config, model, {}, (keys) => samples.readStored(keys)),
    inject: [ACTIVE_MODEL, SampleRepository],
  };
}
