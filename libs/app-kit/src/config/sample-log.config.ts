import {
  IsIn,
  IsInt,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { BaseAppConfig } from './base-app.config';

/** SAMPLE_LOG=jetstream and INGEST_ROLE=worker work on EVENT_BUS_URL's NATS: without one they cannot start. */
@ValidatorConstraint({ name: 'needsNats' })
export class NeedsNats implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return (value !== 'jetstream' && value !== 'worker') || !!(args.object as BaseAppConfig).EVENT_BUS_URL;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property}=${String(args.value)} needs EVENT_BUS_URL (the NATS server(s) of the sample log)`;
  }
}

/**
 * Where samples go, for every process that writes them (the ingestion, `bsc import samples`): declared once, so
 * both read the platform's one setting, place a sample in the same log partition and refuse the same future stamps.
 */
export class SampleLogConfig extends BaseAppConfig {
  /**
   * `database` (default): samples go straight to the database and the ingestion computes every KPI. `jetstream`:
   * the ingestion is an intake: it validates and appends samples to a durable, partitioned JetStream log and
   * computes no KPIs (the partitions' KPI workers do); `bsc import samples` appends to that log too. The log lives
   * on EVENT_BUS_URL's NATS.
   */
  @IsIn(['database', 'jetstream'])
  @Validate(NeedsNats)
  SAMPLE_LOG: 'database' | 'jetstream' = 'database';

  /** Partitions of the sample log: KPI dependency groups are spread over them; the most KPI workers that help. */
  @IsInt()
  @Min(1)
  @Max(1_024)
  KPI_PARTITIONS: number = 16;

  /** Samples stamped further than this many seconds ahead of our clock are refused (ts_in_future). */
  @IsInt()
  @Min(0)
  @Max(86_400)
  INGEST_MAX_FUTURE_S: number = 300;
}
