import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, parse, specifiedRules, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { Request } from 'express';
import type { Authenticator } from '../auth/authenticator.service';
import type { ApiConfig } from '../config/api.config';
import { newApiContext, type ApiContext } from './api-context';
import { formatGraphqlError } from './errors/format-graphql-error';
import { jsonStatusPlugin } from './http/json-status.plugin';
import { queryLimitRules, type QueryLimits } from './limits/query-limits.rules';
import { findOversizedStringArgument, oversizedStringError } from './limits/string-argument-limit';
import { stringArgumentLimitPlugin } from './limits/string-argument-limit.plugin';
import type { GraphqlResponseCacheService } from './response-cache/graphql-response-cache.service';
import { serializeGraphqlResult } from './response-cache/response-cache.plugin';
import type { SubscriptionSocketsService } from './subscriptions/subscription-sockets.service';

export function queryLimitsOf(config: ApiConfig): QueryLimits {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxCost: config.GRAPHQL_MAX_COST,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
    listFactor: config.GRAPHQL_LIST_COST_FACTOR,
  };
}

/** Apollo (HTTP) and graphql-ws (subscriptions) with the same auth, limits and error format. */
export function createGraphqlOptions(
  config: ApiConfig,
  auth: Authenticator,
  sockets: SubscriptionSocketsService,
  responseCache?: GraphqlResponseCacheService,
): ApolloDriverConfig {
  const limits = queryLimitRules(queryLimitsOf(config));
  const parseOptions = { maxTokens: config.GRAPHQL_MAX_TOKENS };
  let schema: GraphQLSchema | undefined;

  const httpContext = async ({ req }: { req: Request }): Promise<ApiContext> => {
    const result = await auth.fromHeaders(req.headers);
    return newApiContext(result.principal, result.error);
  };
  const wsContext = (ctx: WsContext): ApiContext => newApiContext(sockets.principalOf(ctx));

  return {
    driver: ApolloDriver,
    path: config.GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'float' },
    transformSchema: (built: GraphQLSchema) => (schema = built),
    introspection: config.GRAPHQL_INTROSPECTION ?? config.BSC_PROFILE !== 'production',
    // The landing page loads from a CDN; GraphiQL is served locally at /graphiql instead.
    playground: false,
    graphiql: false,
    // Credentials travel in headers, never cookies, so cross-site requests carry no authority: CSRF prevention
    // (which refuses simple GET requests) would only break GraphQL-over-HTTP GET.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // no HTTP cache hints are used; the default cache-control plugin would hook every field resolution
    plugins: [
      jsonStatusPlugin,
      stringArgumentLimitPlugin(config.GRAPHQL_MAX_STRING_CHARS),
      ApolloServerPluginCacheControlDisabled(),
      ...(responseCache ? [responseCache.apollo.plugin] : []),
    ],
    // Apollo's serialization either way; with the cache, the bytes sent are also the bytes kept
    stringifyResult: responseCache ? responseCache.apollo.stringifyResult : serializeGraphqlResult,
    validationRules: limits,
    parseOptions,
    autoTransformHttpErrors: false,
    preserveHttpStatusForExecutionErrors: true,
    formatError: formatGraphqlError,
    context: (first: unknown) =>
      (first as { req?: Request }).req ? httpContext(first as { req: Request }) : wsContext(first as WsContext),
    subscriptions: {
      'graphql-ws': {
        path: config.GRAPHQL_PATH,
        // connectionParams carry the credentials; a connection without valid ones is closed (4403 Forbidden), and
        // so is one whose key is revoked or whose token expires later (see SubscriptionSocketsService)
        onConnect: (ctx: WsContext) => sockets.open(ctx),
        onClose: (ctx: WsContext) => sockets.closed(ctx),
        // the credentials checked again, then the same limits as over HTTP (graphql-ws validates with the specified
        // rules only)
        onSubscribe: async (
          ctx: WsContext,
          _id: string,
          payload: { query: string; variables?: Record<string, unknown> | null },
        ) => {
          // refused: the socket is already closing, so this error is never sent
          if (!(await sockets.recheck(ctx))) return [new GraphQLError('Forbidden')];
          if (!schema) return undefined;
          try {
            const document = parse(payload.query, parseOptions);
            const errors = validate(schema, document, [...specifiedRules, ...limits]);
            if (errors.length > 0) return errors;
            const maxChars = config.GRAPHQL_MAX_STRING_CHARS;
            const oversized = findOversizedStringArgument(schema, document, payload.variables ?? undefined, maxChars);
            return oversized ? [oversizedStringError(oversized, maxChars)] : undefined;
          } catch (error) {
            return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
          }
        },
        // graphql-ws does not run Apollo's formatError: give subscription errors the same codes and messages
        onNext: (_ctx: WsContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
          result.errors
            ? { ...result, errors: result.errors.map((e) => formatGraphqlError(e.toJSON(), e)) }
            : undefined,
      },
    },
  };
}
