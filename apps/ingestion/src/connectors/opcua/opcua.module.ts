import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import type { IngestionConfig } from '../../config/ingestion.config';
import { OPCUA_CONNECTOR_OPTIONS, opcUaConnectorOptionsFromConfig } from './opcua-connector.options';
import { OpcUaConnectorService } from './opcua-connector.service';

/**
 * The OPC UA connector. Needs SAMPLE_INTAKE, ConnectorStatusRegistry and ACTIVE_MODEL from the importing
 * context: pass the modules that export them in `imports` (or make them global). HealthRegistry and the
 * prom-client Registry come from the global CoreInfraModule.
 */
@Module({})
export class OpcUaModule {
  static register(config: IngestionConfig, imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: OpcUaModule,
      imports,
      providers: [{ provide: OPCUA_CONNECTOR_OPTIONS, useValue: opcUaConnectorOptionsFromConfig(config) }, OpcUaConnectorService],
      exports: [OpcUaConnectorService],
    };
  }
}
