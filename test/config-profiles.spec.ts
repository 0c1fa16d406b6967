import { join } from 'node:path';
import { loadConfig, type ConfigProfile } from '@bsc/app-kit';
import type { Authenticator } from '../apps/api/src/auth/authenticator.service';
import { resolveJwtSecret } from '../apps/api/src/auth/jwt-secret';
import { ApiConfig } from '../apps/api/src/config/api.config';
import { createGraphqlOptions } from '../apps/api/src/graphql/graphql-options.factory';
import type { SubscriptionSocketsService } from '../apps/api/src/graphql/subscriptions/subscription-sockets.service';
import { IngestionConfig } from '../apps/ingestion/src/config/ingestion.config';

// The security-relevant settings each profile ends up with from the files in config/ alone (no variables set),
// and with the variables an operator uses to turn them off.
const configDir = join(__dirname, '..', 'config');
const noAuth = {} as Authenticator;
const noSockets = {} as SubscriptionSocketsService;

function effective(profile: ConfigProfile, env: Record<string, string> = {}) {
  const ingestion = loadConfig(IngestionConfig, { configDir, env: { BSC_PROFILE: profile, ...env } });
  const api = loadConfig(ApiConfig, { configDir, env: { BSC_PROFILE: profile, DATA_DIR: '/nonexistent-bsc', ...env } });
  return {
    simulator: ingestion.SIMULATOR_ENABLED,
    trustUnknownServers: ingestion.OPCUA_TRUST_UNKNOWN_SERVERS,
    introspection: createGraphqlOptions(api, noAuth, noSockets).introspection,
    graphiql: api.GRAPHIQL_ENABLED ?? api.BSC_PROFILE !== 'production',
  };
}

describe('security-relevant defaults per profile', () => {
  it.each<[ConfigProfile, ReturnType<typeof effective>]>([
    ['production', { simulator: false, trustUnknownServers: false, introspection: false, graphiql: false }],
    ['embedded', { simulator: true, trustUnknownServers: true, introspection: true, graphiql: true }],
    ['test', { simulator: false, trustUnknownServers: false, introspection: true, graphiql: true }],
  ])('%s', (profile, expected) => {
    expect(effective(profile)).toEqual(expected);
  });

  it.each(['false', '0', 'no', 'off'])('the embedded profile turns everything off with %j', (spelling) => {
    const env = {
      SIMULATOR_ENABLED: spelling,
      OPCUA_TRUST_UNKNOWN_SERVERS: spelling,
      GRAPHQL_INTROSPECTION: spelling,
      GRAPHIQL_ENABLED: spelling,
    };
    expect(effective('embedded', env)).toEqual({
      simulator: false,
      trustUnknownServers: false,
      introspection: false,
      graphiql: false,
    });
  });

  it('production never starts the API without a JWT secret', () => {
    const api = loadConfig(ApiConfig, { configDir, env: { BSC_PROFILE: 'production' } });
    expect(() => resolveJwtSecret(api)).toThrow(/^invalid configuration:\n {2}JWT_SECRET: required in production/);
  });

  it('production refuses an unknown spelling of a security switch instead of guessing', () => {
    expect(() =>
      loadConfig(IngestionConfig, {
        configDir,
        env: { BSC_PROFILE: 'production', OPCUA_TRUST_UNKNOWN_SERVERS: 'nope' },
      }),
    ).toThrow(/OPCUA_TRUST_UNKNOWN_SERVERS: /);
  });
});
