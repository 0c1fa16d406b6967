import { Inject, Injectable } from '@nestjs/common';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';
import { safeJson } from '../../pipeline/safe-json';
import { SignalPipeline } from '../../pipeline/signal-pipeline.service';
import { HTTP_SOURCE, parseIntakeBody, type IntakeItemError } from './intake-request';

export interface IntakeResponse {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: IntakeItemError[];
}

/** Validates an intake body, dead-letters malformed items and submits the rest through the pipeline. */
@Injectable()
export class IntakeService {
  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly pipeline: SignalPipeline,
  ) {}

  async submit(body: unknown): Promise<{ ok: true; response: IntakeResponse } | { ok: false; message: string }> {
    const receivedAt = Date.now();
    const parsed = parseIntakeBody(body, this.config.INTAKE_MAX_SAMPLES, receivedAt);
    if (!parsed.ok) return parsed;
    await Promise.all(
      parsed.errors.map((e) =>
        this.pipeline.deadLetter({
          source: HTTP_SOURCE,
          channel: '/intake/samples',
          reason: e.reason,
          detail: e.detail,
          raw: safeJson((body as { samples: unknown[] }).samples[e.index]),
          receivedAt,
        }),
      ),
    );
    const result = await this.pipeline.submit(parsed.samples);
    // Pipeline errors index the submitted subset: map them back to the request's positions.
    const errors = [...parsed.errors, ...result.errors.map((e) => ({ ...e, index: parsed.indices[e.index] }))].sort(
      (a, b) => a.index - b.index,
    );
    return {
      ok: true,
      response: {
        accepted: result.accepted,
        rejected: result.rejected + parsed.errors.length,
        duplicates: result.duplicates,
        errors,
      },
    };
  }
}
