import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health-registry';

@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** Readiness summary: 200 when every check passes, 503 otherwise (liveness is implied by any answer). */
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const { ready, checks } = await this.registry.run();
    res
      .status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ready ? 'ok' : 'degraded', live: true, ready, checks });
  }

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const { ready, checks } = await this.registry.run();
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ ready, checks });
  }
}
