import { Injectable } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Server } from 'node:http';
import type { Application, Request, Response } from 'express';
import { expressMiddleware } from './apollo-express.middleware';

/**
 * Nest's ApolloDriver with one difference: @nestjs/apollo 13 mounts Apollo on Express through
 * @as-integrations/express5, which is not among the installed packages, so this mounts it through
 * `expressMiddleware` (the same function, kept small). The rest is the driver's own `registerExpress`, line for
 * line; all behaviour (response cache, status codes, limits) lives in options, plugins and Nest middleware. With
 * @as-integrations/express5 installed, this class and the bridge go and the module names `ApolloDriver`.
 */
@Injectable()
export class BscApolloDriver extends ApolloDriver {
  protected override async registerExpress(options: ApolloDriverConfig): Promise<void> {
    const httpAdapter = this.httpAdapterHost.httpAdapter;
    const path = options.path ?? '/graphql';
    // body-parser leaves the body unset when there is none; Apollo wants an object
    httpAdapter.use(path, (req: Request, _res: Response, next: () => void) => {
      req.body = (req.body as unknown) ?? {};
      next();
    });
    const app = httpAdapter.getInstance<Application>();
    const drain = ApolloServerPluginDrainHttpServer({ httpServer: httpAdapter.getHttpServer() as Server });
    const server = new ApolloServer<BaseContext>({
      ...(options as object),
      plugins: [...(options.plugins ?? []), drain],
    } as ConstructorParameters<typeof ApolloServer<BaseContext>>[0]);
    await server.start();
    app.use(path, expressMiddleware(server, { context: options.context as never }));
    this.apolloServer = server;
  }
}
