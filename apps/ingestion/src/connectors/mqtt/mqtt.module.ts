import { Module } from '@nestjs/common';
import { EmbeddedBrokerService } from './embedded-broker.service';
import { MqttConnectorService } from './mqtt-connector.service';

/** MQTT JSON connector and, in the embedded profile, the in-process broker it talks to. */
@Module({
  providers: [EmbeddedBrokerService, MqttConnectorService],
  exports: [EmbeddedBrokerService, MqttConnectorService],
})
export class MqttModule {}
