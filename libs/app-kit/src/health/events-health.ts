import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, NatsEventBus, type EventBus } from '@bsc/events';
import { HealthRegistry } from './health-registry';

/**
 * Readiness of the bus between processes (EVENT_BUS_URL set): connected to NATS, events reaching the stream, the
 * stream being read (see NatsEventBus.health). The in-process bus has nothing that can stop, so no check.
 */
@Injectable()
export class EventsHealth implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const bus = this.bus;
    if (bus instanceof NatsEventBus) this.health.register('events', () => bus.health());
  }
}
