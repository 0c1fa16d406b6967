import type { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { RequestFront } from '@bsc/app-kit';
import { GraphqlResponseCacheService } from './graphql-response-cache.service';

type EtagFn = (body: string, encoding: string) => string | undefined;

/**
 * The response cache's lookup, to run in front of Express (`listenHttpApp`, or `bootstrapHttpApp`'s front):
 * a cached answer then costs none of Express's request set-up, body parsing or request logs. Undefined when the
 * cache is off; without a front the cache stays empty and every request goes the full way.
 */
export function graphqlResponseCacheFront(app: INestApplication): RequestFront | undefined {
  const responseCache = app.get(GraphqlResponseCacheService, { strict: false });
  if (!responseCache.cache.enabled) return undefined;
  const express = app.get(HttpAdapterHost).httpAdapter.getInstance<{ get(setting: string): unknown }>();
  // Express's own setting, read when an entry is first sent, so a hit carries the ETag the full way sent
  return responseCache.front((body) => (express.get('etag fn') as EtagFn | undefined)?.(body, 'utf8'));
}
