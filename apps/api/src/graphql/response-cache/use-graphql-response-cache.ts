import type { INestApplication } from '@nestjs/common';
import { GraphqlResponseCacheService } from './graphql-response-cache.service';

/**
 * Puts the response cache's lookup first among the app's middleware (Nest's global middleware, `app.use`).
 * Call it right after creating the app, before body parsers and request logs are added: a cached answer costs
 * a tenth of what they do. Without the call the cache stays empty and every request goes the full way.
 */
export function useGraphqlResponseCache(app: INestApplication): void {
  const responseCache = app.get(GraphqlResponseCacheService, { strict: false });
  if (responseCache.cache.enabled) app.use(responseCache.middleware());
}
