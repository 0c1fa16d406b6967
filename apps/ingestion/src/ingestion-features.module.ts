import { DynamicModule, Module } from '@nestjs/common';
import { AlertsRuntimeModule } from './alerts/alerts-runtime.module';
import { INGESTION_CONFIG, type IngestionConfig } from './config/ingestion.config';
import { HttpIntakeModule } from './connectors/http/http-intake.module';
import { MqttModule } from './connectors/mqtt/mqtt.module';
import { KpiWorkerModule } from './kpi-worker/kpi-worker.module';
import { OpcUaModule } from './connectors/opcua/opcua.module';
import { SparkplugModule } from './connectors/sparkplug/sparkplug.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { SimulatorModule } from './simulator/simulator.module';
import { SampleStorageModule } from './storage/sample-storage.module';

// Kept here for existing importers; new code imports it from ./config/ingestion.config (no import cycle).
export { INGESTION_CONFIG };

/** Connectors → signal pipeline → KPI engine; imported alone (ingestion app) or beside the API (platform). */
@Module({})
export class IngestionFeaturesModule {
  static register(config: IngestionConfig): DynamicModule {
    if (config.INGEST_ROLE === 'worker') {
      // a KPI worker: no connectors, no simulator; its samples come from the partitions of the sample log it owns
      return {
        module: IngestionFeaturesModule,
        imports: [PipelineModule.register(config), KpiWorkerModule, AlertsRuntimeModule, SampleStorageModule],
        exports: [PipelineModule],
      };
    }
    return {
      module: IngestionFeaturesModule,
      imports: [
        PipelineModule.register(config),
        MqttModule,
        SparkplugModule,
        OpcUaModule,
        HttpIntakeModule,
        SimulatorModule,
        AlertsRuntimeModule,
        SampleStorageModule,
      ],
      exports: [PipelineModule],
    };
  }
}
