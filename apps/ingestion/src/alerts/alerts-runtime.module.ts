import { Module } from '@nestjs/common';
import { AnomalyRepository } from '@bsc/persistence';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import { AlertMetrics } from './alert-metrics';
import { ALERT_CLOCK, ALERT_RUNTIME_OPTIONS, alertRuntimeOptions, SYSTEM_CLOCK } from './alert-runtime.options';
import { AlertRuntimeService } from './alert-runtime.service';
import { ANOMALY_WRITER, AnomalyWriter } from './anomaly-writer';
import { ALERT_NOTIFIERS } from './notifiers/alert-notifier.port';
import { createAlertNotifiers } from './notifiers/alert-notifiers.factory';

/**
 * Alerts from the KPI stream: evaluation, storage (AlertRepository; anomalies in AnomalyRepository), bus events and notifications (webhooks, MQTT).
 * Needs INGESTION_CONFIG (PipelineModule), ACTIVE_MODEL and EVENT_BUS (CoreInfraModule), the repositories
 * (PersistenceModule) and the prom-client Registry (MetricsModule), all global in the ingestion and platform apps.
 */
@Module({
  providers: [
    AlertMetrics,
    {
      provide: ALERT_RUNTIME_OPTIONS,
      useFactory: (config: IngestionConfig) => alertRuntimeOptions(config),
      inject: [INGESTION_CONFIG],
    },
    {
      provide: ALERT_NOTIFIERS,
      useFactory: (config: IngestionConfig, metrics: AlertMetrics) =>
        config.ALERTS_ENABLED ? createAlertNotifiers(config, metrics) : [],
      inject: [INGESTION_CONFIG, AlertMetrics],
    },
    { provide: ALERT_CLOCK, useValue: SYSTEM_CLOCK },
    {
      provide: ANOMALY_WRITER,
      useFactory: (anomalies: AnomalyRepository, metrics: AlertMetrics) => new AnomalyWriter(anomalies, metrics),
      inject: [AnomalyRepository, AlertMetrics],
    },
    AlertRuntimeService,
  ],
  exports: [AlertRuntimeService],
})
export class AlertsRuntimeModule {}
