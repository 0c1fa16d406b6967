import { Module } from '@nestjs/common';
import { SampleMaintenanceService } from './sample-maintenance.service';

/** Partition upkeep and retention of stored samples; needs INGESTION_CONFIG and the (global) repositories. */
@Module({ providers: [SampleMaintenanceService] })
export class SampleStorageModule {}
