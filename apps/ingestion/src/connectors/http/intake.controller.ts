import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { INGESTION_CONFIG, type IngestionConfig } from '../../config/ingestion.config';
import { safeJson } from '../../pipeline/safe-json';
import { IdempotencyKeys } from './idempotency-keys';
import { IntakeService, type IntakeResponse } from './intake.service';

/** `POST /intake/samples` for systems that push (webhooks, scripts); bearer token, disabled without one. */
@Controller('intake')
export class IntakeController {
  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly intake: IntakeService,
    private readonly keys: IdempotencyKeys,
  ) {}

  @Post('samples')
  @HttpCode(200)
  async samples(
    @Headers('authorization') authorization: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
  ): Promise<IntakeResponse> {
    const token = this.config.INTAKE_TOKEN;
    if (!token) throw new NotFoundException();
    if (!bearerMatches(authorization, token))
      throw new UnauthorizedException('a valid "Authorization: Bearer <token>" header is required');
    return this.keys.run(idempotencyKey, safeJson(body), Date.now(), async () => {
      const result = await this.intake.submit(body);
      if (!result.ok) throw new BadRequestException(result.message);
      return result.response;
    });
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
