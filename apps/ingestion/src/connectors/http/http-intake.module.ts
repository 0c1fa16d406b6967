import { Module } from '@nestjs/common';
import { IdempotencyKeyRepository } from '@bsc/persistence';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { DatabaseIdempotencyStore } from './database-idempotency.store';
import { IdempotencyKeys } from './idempotency-keys';
import { InMemoryIdempotencyStore } from './in-memory-idempotency.store';
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
      // replicas share PostgreSQL, so their keys go there; the embedded SQLite file has one process, keys in memory
      useFactory: (config: IngestionConfig, metrics: IngestionMetrics, keys: IdempotencyKeyRepository) =>
        new IdempotencyKeys(
          config.DATABASE_URL
            ? new DatabaseIdempotencyStore(keys)
            : new InMemoryIdempotencyStore(() => metrics.idempotencyKeysEvicted.inc()),
        ),
      inject: [INGESTION_CONFIG, IngestionMetrics, IdempotencyKeyRepository],
    },
  ],
})
export class HttpIntakeModule {}
