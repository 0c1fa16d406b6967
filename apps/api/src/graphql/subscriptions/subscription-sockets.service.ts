import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import type { Context as WsContext } from 'graphql-ws';
import { apiKeySubject } from '../../auth/api-key.service';
import { API_KEY_REFUSED, Authenticator } from '../../auth/authenticator.service';
import type { Principal } from '../../auth/principal';
import { API_CONFIG } from '../../config/api-config.token';
import type { ApiConfig } from '../../config/api.config';

/** graphql-ws's Forbidden: the code a connection refused in onConnect is closed with. */
export const WS_FORBIDDEN = 4403;
/** A WebSocket close reason holds at most 123 bytes. */
const MAX_REASON_CHARS = 120;
/** setTimeout fires at once past 2^31-1 ms: an expiry further away is re-checked on the way there. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** With API_KEY_CACHE_TTL_MS 0 (every HTTP request asks the database), sockets are re-checked this often. */
const MIN_RECHECK_MS = 1_000;

/** What is used of a graphql-ws context: its credentials, and the `ws` socket useServer puts in `extra`. */
export type SocketContext = Pick<WsContext, 'connectionParams' | 'extra'>;

interface Session {
  readonly ctx: SocketContext;
  readonly principal: Principal;
  expiry?: NodeJS.Timeout;
}

/**
 * The open graphql-ws sockets and the principal each authenticated as. A socket authenticates once, in onConnect,
 * so its credentials are held to what HTTP applies per request: a socket ends (4403) when its API key is revoked
 * (`api-key.revoked`, from any instance, at once), when its token's `exp` passes (a timer), and when a re-check
 * refuses its credentials: on every subscribe message, after `events.resync`, and every API_KEY_CACHE_TTL_MS (a
 * revocation no event carried: ended within twice the TTL, since the re-check may be answered by a cache entry
 * just short of it). Re-checks go through the Authenticator's caches: no database query per event.
 */
@Injectable()
export class SubscriptionSocketsService implements OnModuleDestroy {
  private readonly logger = new Logger('GraphQL');
  private readonly sessions = new Map<SocketContext, Session>();
  /** Sockets that closed while onConnect was still authenticating them: never registered. */
  private readonly gone = new WeakSet<SocketContext>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly sweepTimer: NodeJS.Timeout;
  private sweeping = false;
  private sweepAgain = false;

  constructor(
    private readonly auth: Authenticator,
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.unsubscribe.push(bus.subscribe('api-key.revoked', ({ id }) => this.revoked(id)));
    // after every handler of the event, the key cache's clear included
    this.unsubscribe.push(bus.subscribe('events.resync', () => queueMicrotask(() => this.sweep())));
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(config.API_KEY_CACHE_TTL_MS, MIN_RECHECK_MS));
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    clearInterval(this.sweepTimer);
    for (const session of this.sessions.values()) clearTimeout(session.expiry);
    this.sessions.clear();
  }

  /** onConnect: true admits the socket (registered until it closes), false refuses it. */
  async open(ctx: SocketContext): Promise<boolean> {
    const result = await this.auth.fromConnectionParams(ctx.connectionParams);
    if (!result.principal || this.gone.has(ctx)) return false;
    const session: Session = { ctx, principal: result.principal };
    this.sessions.set(ctx, session);
    this.expireAt(session, result.expiresAt);
    return true;
  }

  /** onSubscribe: the socket's credentials checked again as HTTP checks each request; false: the socket is ending. */
  async recheck(ctx: SocketContext): Promise<boolean> {
    const session = this.sessions.get(ctx);
    return session ? this.check(session) : false;
  }

  /** onClose: whatever ended the socket. */
  closed(ctx: SocketContext): void {
    this.gone.add(ctx);
    const session = this.sessions.get(ctx);
    if (session) this.forget(session);
  }

  principalOf(ctx: SocketContext): Principal | null {
    return this.sessions.get(ctx)?.principal ?? null;
  }

  get size(): number {
    return this.sessions.size;
  }

  private revoked(id: string): void {
    const subject = apiKeySubject(id);
    for (const session of [...this.sessions.values()])
      if (session.principal.via === 'api_key' && session.principal.subject === subject)
        this.end(session, API_KEY_REFUSED);
  }

  private async check(session: Session): Promise<boolean> {
    const result = await this.auth.fromConnectionParams(session.ctx.connectionParams);
    if (this.sessions.get(session.ctx) !== session) return false;
    if (!result.principal) {
      this.end(session, result.error ?? 'credentials refused');
      return false;
    }
    this.expireAt(session, result.expiresAt);
    return true;
  }

  private expireAt(session: Session, expiresAt: number | undefined): void {
    clearTimeout(session.expiry);
    session.expiry = undefined;
    if (expiresAt === undefined) return;
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS);
    // the check refuses an expired token with its own reason; one a little early is scheduled again
    session.expiry = setTimeout(() => void this.checkQuietly(session), delay);
    session.expiry.unref();
  }

  /** API-key sockets checked one after another, so sockets sharing a key cost one lookup. */
  private sweep(): void {
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = true;
    void this.checkApiKeySessions().finally(() => {
      this.sweeping = false;
      if (this.sweepAgain) {
        this.sweepAgain = false;
        this.sweep();
      }
    });
  }

  private async checkApiKeySessions(): Promise<void> {
    for (const session of [...this.sessions.values()]) {
      if (session.principal.via === 'api_key') await this.checkQuietly(session);
    }
  }

  /** A failed lookup (the database away) is no refusal: the socket stays, and the next check asks again. */
  private checkQuietly(session: Session): Promise<unknown> {
    return this.check(session).catch((error: unknown) =>
      this.logger.warn(`re-checking a subscription's credentials failed: ${(error as Error).message}`),
    );
  }

  private end(session: Session, reason: string): void {
    this.forget(session);
    const { socket } = session.ctx.extra as { socket: { close(code: number, reason: string): void } };
    socket.close(WS_FORBIDDEN, `Forbidden: ${reason}`.slice(0, MAX_REASON_CHARS));
  }

  private forget(session: Session): void {
    clearTimeout(session.expiry);
    this.sessions.delete(session.ctx);
  }
}
