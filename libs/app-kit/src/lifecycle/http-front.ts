import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** Answers a request itself or hands it on (`next`: the app's Express, with the request untouched). */
export type RequestFront = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * `app.listen` for a Nest Express app, with an optional front. With one, the app is initialised and served from a
 * Node HTTP server of our own (Nest's documented pattern for servers the application creates) whose listener
 * gives each request to `front` first and hands the rest to Express, so nothing of Express runs for a request the
 * front answers. The HTTP adapter is given this server before `init`, so what attaches to it there (graphql-ws
 * upgrades, Apollo's drain) and `app.close()` use it. Resolves with the listening server: use it rather than
 * `app.getHttpServer()`, which with a front is Nest's own and never listens.
 */
export async function listenHttpApp(
  app: INestApplication,
  port: number,
  host: string,
  front?: RequestFront,
): Promise<Server> {
  if (!front) return (await app.listen(port, host)) as Server;
  const adapter = app.get(HttpAdapterHost).httpAdapter;
  const express = adapter.getInstance<RequestListener>();
  const server = createServer((req, res) => front(req, res, () => express(req, res)));
  adapter.setHttpServer(server);
  await app.init();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  app.flushLogs();
  return server;
}
