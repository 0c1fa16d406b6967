import { Module } from '@nestjs/common';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import { SIMULATOR_OPTIONS, simulatorOptionsFromConfig } from './simulator.options';
import { SimulatorService } from './simulator.service';

/**
 * The plant simulator (inactive unless SIMULATOR_ENABLED). Config, SAMPLE_INTAKE and ConnectorStatusRegistry
 * come from the global PipelineModule, SampleRepository from the global PersistenceModule (optional: without it
 * the backfill always runs).
 */
@Module({
  providers: [
    {
      provide: SIMULATOR_OPTIONS,
      useFactory: (config: IngestionConfig) => simulatorOptionsFromConfig(config),
      inject: [INGESTION_CONFIG],
    },
    SimulatorService,
  ],
  exports: [SimulatorService],
})
export class SimulatorModule {}
