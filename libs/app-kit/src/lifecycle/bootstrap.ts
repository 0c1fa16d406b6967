import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { BaseAppConfig } from '../config/base-app.config';
import { ConfigError } from '../config/config-loader';
import { applyHeapGrowth } from './heap-growth';
import { listenHttpApp, type RequestFront } from './http-front';

/** Largest JSON request body by default: GraphQL requests are far smaller; a bound keeps 1 MB queries out. */
export const DEFAULT_JSON_BODY_BYTES = 256 * 1024;
/** Largest body on the HTTP sample intake (a full batch of 10,000 samples is about 1 MB). */
export const INTAKE_JSON_BODY_BYTES = 16 * 1024 * 1024;
/** The sample intake's route limit, shared by the ingestion app and the platform that embeds it. */
export const INTAKE_BODY_LIMIT = { pathPrefix: '/intake/', bytes: INTAKE_JSON_BODY_BYTES } as const;

export interface JsonBodyLimits {
  defaultBytes: number;
  /** Larger limits for routes under a path prefix (sample intake batches). */
  routes?: ReadonlyArray<{ pathPrefix: string; bytes: number }>;
}

const JSON_CONTENT = /^application\/([\w.+-]+\+)?json/i;
const isJson = (req: { headers: Record<string, string | string[] | undefined> }): boolean =>
  JSON_CONTENT.test(String(req.headers['content-type'] ?? ''));
const pathOf = (req: { url?: string }): string => (req.url ?? '').split('?')[0];

/** One JSON parser per limit, each taking only its requests (a request parsed once is skipped by the next parser). */
export function useJsonBodyLimits(app: NestExpressApplication, limits: JsonBodyLimits): void {
  for (const route of limits.routes ?? []) {
    app.useBodyParser('json', {
      limit: route.bytes,
      type: (req) => isJson(req) && pathOf(req).startsWith(route.pathPrefix),
    });
  }
  app.useBodyParser('json', { limit: limits.defaultBytes, type: isJson });
}

/**
 * Starts an HTTP app with pino logs and graceful shutdown: SIGTERM/SIGINT close the app (Nest runs the
 * modules' shutdown hooks: connectors stop, buffers flush), with a hard deadline so a stuck hook cannot hang.
 */
export async function bootstrapHttpApp(
  module: Parameters<typeof NestFactory.create>[0],
  config: BaseAppConfig,
  bodyLimits: JsonBodyLimits = { defaultBytes: DEFAULT_JSON_BODY_BYTES },
  /** What answers requests before Express (a response cache; see listenHttpApp), when the app has one. */
  frontOf?: (app: INestApplication) => RequestFront | undefined,
): Promise<INestApplication> {
  applyHeapGrowth(config.HEAP_GROWTH_PERCENT);
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true });
  const front = frontOf?.(app);
  useJsonBodyLimits(app, bodyLimits);
  const logger = app.get(Logger);
  app.useLogger(logger);
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.log({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutS: config.SHUTDOWN_TIMEOUT_S }, 'shutdown deadline passed; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_S * 1000);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // app.close() runs every module's destroy/shutdown hooks (connectors stop, buffers flush).
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await listenHttpApp(app, config.PORT, config.HOST, front);
  logger.log({ url: `http://localhost:${config.PORT}`, profile: config.BSC_PROFILE }, 'listening');
  return app;
}

/** Turns start-up failures (bad config above all) into one clear message and a non-zero exit. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const text = error instanceof ConfigError ? error.message : ((error as Error)?.stack ?? String(error));
    process.stderr.write(`start-up failed: ${text}\n`);
    process.exit(1);
  });
}
