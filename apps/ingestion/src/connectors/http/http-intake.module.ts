import { Module } from '@nestjs/common';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { IdempotencyKeys } from './idempotency-keys';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

/**
 * HTTP sample intake. Requests up to INTAKE_MAX_SAMPLES need a JSON body limit above Express's 100 kB default:
 * the app calls `app.useBodyParser('json', { limit: '16mb' })` before listening.
 */
@Module({
  controllers: [IntakeController],
  providers: [
    IntakeService,
    {
      provide: IdempotencyKeys,
      useFactory: (metrics: IngestionMetrics) => new IdempotencyKeys(() => metrics.idempotencyKeysEvicted.inc()),
      inject: [IngestionMetrics],
    },
  ],
})
export class HttpIntakeModule {}
