import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { ApiKeyService } from './api-key.service';

/**
 * Embedded profile: a newcomer can query at once. At first start (no active admin key) an admin key is created,
 * printed ONCE, and only its hash is stored. Production never does this.
 */
@Injectable()
export class EmbeddedAdminKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmbeddedAdminKeyBootstrap.name);

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.BSC_PROFILE !== 'embedded' || (await this.apiKeys.hasActiveAdminKey())) return;
    const { key, record } = await this.apiKeys.issue('embedded-admin', 'admin', null);
    this.logger.warn({ apiKeyId: record.id }, 'created the first admin API key; it is shown once below, store it now');
    // stdout on purpose: the key must reach the operator even when logs are shipped elsewhere, and only once
    process.stdout.write(`\n  Admin API key (shown once): ${key}\n  Use it as:  Authorization: ApiKey ${key}\n\n`);
  }
}
