import { Module } from '@nestjs/common';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';
import { OPCUA_CONNECTOR_OPTIONS, opcUaConnectorOptionsFromConfig } from './opcua-connector.options';
import { OpcUaConnectorService } from './opcua-connector.service';

/**
 * The OPC UA connector. INGESTION_CONFIG, SAMPLE_INTAKE and ConnectorStatusRegistry come from the global
 * PipelineModule; ACTIVE_MODEL, HealthRegistry and the prom-client Registry from the global CoreInfraModule.
 */
@Module({
  providers: [
    {
      provide: OPCUA_CONNECTOR_OPTIONS,
      useFactory: (config: IngestionConfig) => opcUaConnectorOptionsFromConfig(config),
      inject: [INGESTION_CONFIG],
    },
    OpcUaConnectorService,
  ],
  exports: [OpcUaConnectorService],
})
export class OpcUaModule {}
