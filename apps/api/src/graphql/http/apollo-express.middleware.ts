import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';

export interface ExpressMiddlewareOptions<TContext extends BaseContext> {
  context?: (args: { req: Request; res: Response }) => Promise<TContext>;
}

/**
 * Apollo Server 5 on Express, with the signature and behaviour of @as-integrations/express5's
 * `expressMiddleware` (not installed here). Body parsing is Nest's (JSON); GET requests carry the operation in
 * the query string.
 */
export function expressMiddleware<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options?: ExpressMiddlewareOptions<TContext>,
): RequestHandler {
  server.assertStarted('expressMiddleware()');
  const context = options?.context ?? (() => Promise.resolve({} as TContext));
  return (req: Request, res: Response, next: NextFunction): void => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const questionMark = req.originalUrl.indexOf('?');
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: questionMark >= 0 ? req.originalUrl.slice(questionMark) : '',
      body: req.body,
    };
    server
      .executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context({ req, res }) })
      .then(async (response) => {
        for (const [key, value] of response.headers) res.setHeader(key, value);
        res.statusCode = response.status ?? 200;
        if (response.body.kind === 'complete') {
          res.send(response.body.string);
          return;
        }
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
