import { Module } from '@nestjs/common';
import { SparkplugConnectorService } from './sparkplug-connector.service';

/** Sparkplug B host application (its own MQTT session on the same broker). */
@Module({ providers: [SparkplugConnectorService], exports: [SparkplugConnectorService] })
export class SparkplugModule {}
