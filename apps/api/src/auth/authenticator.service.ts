import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ExpiringMap } from '@bsc/common';
import { sign, verify, type JwtPayload } from 'jsonwebtoken';
import { API_CONFIG, JWT_SECRET } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { ApiKeyService } from './api-key.service';
import { isRole, type Principal, type Role } from './principal';

export interface AuthResult {
  principal: Principal | null;
  /** Why presented credentials were refused (absent when none were sent). */
  error?: string;
  /** When the credentials stop being valid by themselves (a token's `exp`, epoch ms); absent: never. */
  expiresAt?: number;
}

/** Why an API key is refused: also the reason a subscription of a revoked key ends with. */
export const API_KEY_REFUSED = 'API key: unknown or revoked';

type HeaderBag = Record<string, string | string[] | undefined>;

/** Verified bearer tokens kept per process: a dashboard sends the same token with every request. */
const TOKEN_CACHE_SIZE = 1_000;
/** A cached verification is reused at most this long (and never past the token's expiry). */
const TOKEN_CACHE_MS = 60_000;

/** Turns credentials (HTTP headers or graphql-ws connectionParams) into a Principal. */
@Injectable()
export class Authenticator {
  /**
   * A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a public key and throws,
   * on every request (a seventh of the CPU of a cached query in bench-api).
   */
  private readonly key: KeyObject;
  private readonly verified = new ExpiringMap<string, { principal: Principal; expiresAt?: number }>(
    TOKEN_CACHE_MS,
    TOKEN_CACHE_SIZE,
  );

  constructor(
    @Inject(JWT_SECRET) secret: string,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly apiKeys: ApiKeyService,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  fromHeaders(headers: HeaderBag): Promise<AuthResult> {
    const authorization = first(headers['authorization']);
    return this.authenticate(authorization, first(headers['x-api-key']));
  }

  /**
   * The principal of a bearer token or API key verified recently, without waiting: undefined otherwise (the caller
   * then uses fromHeaders). Lets the response cache answer a dashboard's repeat in one turn.
   */
  cachedPrincipal(headers: HeaderBag): Principal | undefined {
    const apiKey = first(headers['x-api-key']);
    if (apiKey !== undefined) return apiKey ? this.apiKeys.cached(apiKey.trim()) : undefined;
    const authorization = first(headers['authorization']);
    if (!authorization) return undefined;
    if (/^apikey\s/i.test(authorization)) return this.apiKeys.cached(authorization.slice(7).trim());
    if (!/^bearer\s/i.test(authorization)) return undefined;
    return this.verified.get(authorization.slice(6).trim())?.principal;
  }

  /** graphql-ws: { authorization: 'Bearer …' | 'ApiKey …' } or { 'x-api-key': … } (also headers nested). */
  fromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): Promise<AuthResult> {
    const bag = { ...(isRecord(params?.headers) ? params.headers : {}), ...(params ?? {}) } as Record<string, unknown>;
    const pick = (...names: string[]): string | undefined => {
      for (const name of names) if (typeof bag[name] === 'string') return bag[name];
      return undefined;
    };
    return this.authenticate(pick('authorization', 'Authorization'), pick('x-api-key', 'X-Api-Key', 'apiKey'));
  }

  /**
   * HS256 token for a principal (CLI and tests); the API itself never mints tokens over GraphQL. `name` becomes the
   * `name` claim: the person audit trails and commentary show instead of the subject.
   */
  signToken(subject: string, role: Role, units: readonly string[] | null, expiresInS = 3600, name?: string): string {
    const claims: Record<string, unknown> = { role };
    if (units !== null) claims.units = units;
    if (name) claims.name = name;
    return sign(claims, this.key, {
      algorithm: 'HS256',
      subject,
      issuer: this.config.JWT_ISSUER,
      expiresIn: expiresInS,
    });
  }

  private async authenticate(authorization: string | undefined, apiKeyHeader: string | undefined): Promise<AuthResult> {
    if (apiKeyHeader) return this.byApiKey(apiKeyHeader.trim());
    if (!authorization) return { principal: null };
    const [scheme, credentials] = authorization.trim().split(/\s+/, 2);
    if (!credentials)
      return { principal: null, error: 'Authorization header: expected "Bearer <jwt>" or "ApiKey <key>"' };
    if (/^bearer$/i.test(scheme)) return this.byJwt(credentials);
    if (/^apikey$/i.test(scheme)) return this.byApiKey(credentials);
    return { principal: null, error: `Authorization header: unsupported scheme '${scheme}'` };
  }

  private async byApiKey(key: string): Promise<AuthResult> {
    const principal = await this.apiKeys.verify(key);
    return principal ? { principal } : { principal: null, error: API_KEY_REFUSED };
  }

  private byJwt(token: string): Promise<AuthResult> {
    const now = Date.now();
    const cached = this.verified.get(token, now);
    if (cached) return Promise.resolve({ ...cached });
    const result = this.verifyJwt(token);
    if (result.principal)
      this.verified.set(token, { principal: result.principal, expiresAt: result.expiresAt }, now, result.expiresAt);
    return Promise.resolve(result);
  }

  private verifyJwt(token: string): AuthResult {
    let payload: JwtPayload;
    try {
      // algorithms pinned: a token cannot pick 'none' or an asymmetric algorithm keyed by our secret
      payload = verify(token, this.key, { algorithms: ['HS256'], issuer: this.config.JWT_ISSUER }) as JwtPayload;
    } catch (error) {
      return { principal: null, error: `bearer token: ${(error as Error).message}` };
    }
    const role: unknown = payload.role;
    const units: unknown = payload.units;
    if (typeof payload.sub !== 'string' || payload.sub === '')
      return { principal: null, error: 'bearer token: claim sub is required' };
    if (!isRole(role))
      return { principal: null, error: 'bearer token: claim role must be admin, engineer, strategist or viewer' };
    if (units !== undefined && !(Array.isArray(units) && units.every((u) => typeof u === 'string'))) {
      return { principal: null, error: 'bearer token: claim units must be an array of org unit ids' };
    }
    return {
      principal: {
        subject: payload.sub,
        ...(typeof payload.name === 'string' && payload.name !== '' ? { name: payload.name } : {}),
        role,
        units: units ?? null,
        via: 'jwt',
      },
      expiresAt: payload.exp === undefined ? undefined : payload.exp * 1000,
    };
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
