import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { BaseAppConfig } from '../config/base-app.config';
import { ConfigError } from '../config/config-loader';

/** Largest JSON request body (a full intake batch of 10,000 samples is about 1 MB). */
export const JSON_BODY_LIMIT = '16mb';

/**
 * Starts an HTTP app with pino logs and graceful shutdown: SIGTERM/SIGINT close the app (Nest runs the
 * modules' shutdown hooks: connectors stop, buffers flush), with a hard deadline so a stuck hook cannot hang.
 */
export async function bootstrapHttpApp(module: Parameters<typeof NestFactory.create>[0], config: BaseAppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true });
  // Sample batches for the HTTP intake and model imports exceed Express's 100 kB default.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
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
  await app.listen(config.PORT, config.HOST);
  logger.log({ url: `http://localhost:${config.PORT}`, profile: config.BSC_PROFILE }, 'listening');
  return app;
}

/** Turns start-up failures (bad config above all) into one clear message and a non-zero exit. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const text = error instanceof ConfigError ? error.message : (error as Error)?.stack ?? String(error);
    process.stderr.write(`start-up failed: ${text}\n`);
    process.exit(1);
  });
}
