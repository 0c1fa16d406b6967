import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';

/** Sees every complete response with the request Apollo ran (plugins may have marked it; the response cache keeps some). */
export type CompletedResponseHook = (
  req: Request,
  res: Response,
  body: string,
  graphqlRequest: HTTPGraphQLRequest,
) => void;

/**
 * Apollo Server 5 on Express: the same bridge as @as-integrations/express5 (not installed here), kept small.
 * Body parsing is Nest's (JSON); GET requests carry the operation in the query string.
 */
export function apolloExpressMiddleware<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => Promise<TContext>,
  onComplete?: CompletedResponseHook,
): RequestHandler {
  server.assertStarted('apolloExpressMiddleware()');
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
          onComplete?.(req, res, response.body.string, httpGraphQLRequest);
          return;
        }
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
