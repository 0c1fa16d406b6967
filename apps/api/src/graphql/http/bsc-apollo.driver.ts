import { Injectable } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Server } from 'node:http';
import type { Application, Request, Response } from 'express';
import { apolloExpressMiddleware, type CompletedResponseHook } from './apollo-express.middleware';

/** A response cache in front of the endpoint (GraphqlResponseCacheService). */
export interface HttpResponseCache {
  install(server: Server, path: string): void;
  complete: CompletedResponseHook;
}

export type BscApolloDriverConfig = ApolloDriverConfig & { responseCache?: HttpResponseCache };

/**
 * Nest's ApolloDriver, mounted on Express through our own bridge: @nestjs/apollo 13 loads
 * @as-integrations/express5 for Express, which is not among the installed packages. Everything else (schema,
 * subscriptions, plugins) is the stock driver. With a response cache, its fast path answers repeated queries
 * before Express.
 */
@Injectable()
export class BscApolloDriver extends ApolloDriver {
  protected override async registerExpress(driverOptions: ApolloDriverConfig): Promise<void> {
    const { responseCache, ...options } = driverOptions as BscApolloDriverConfig;
    const httpAdapter = this.httpAdapterHost.httpAdapter;
    const app = httpAdapter.getInstance<Application>();
    const path = options.path ?? '/graphql';
    const httpServer = httpAdapter.getHttpServer() as Server;
    const drain = ApolloServerPluginDrainHttpServer({ httpServer });
    const server = new ApolloServer<BaseContext>({
      ...(options as object),
      plugins: [...(options.plugins ?? []), drain],
    } as ConstructorParameters<typeof ApolloServer<BaseContext>>[0]);
    await server.start();
    const context = options.context as ((args: { req: Request; res: Response }) => Promise<BaseContext>) | undefined;
    app.use(path, (req: Request, _res: Response, next: () => void) => {
      req.body = (req.body as unknown) ?? {};
      next();
    });
    app.use(
      path,
      apolloExpressMiddleware(
        server,
        context ?? (() => Promise.resolve({})),
        responseCache && ((...args) => responseCache.complete(...args)),
      ),
    );
    responseCache?.install(httpServer, path);
    this.apolloServer = server;
  }
}
