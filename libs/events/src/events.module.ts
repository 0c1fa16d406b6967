import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_BUS, type BscEventName, type EventBus } from './bsc-events.types';
import { InProcessEventBus } from './in-process-event-bus';
import { NatsEventBus } from './nats-event-bus';

export interface EventsModuleOptions {
  /** nats://host:4222 (or a comma-separated list of cluster nodes) to share events between processes; empty = in-process only. */
  natsUrl?: string;
  /** Seconds the JetStream events stream keeps an event. */
  retentionS?: number;
  /** Copies of the events stream in a NATS cluster. */
  replicas?: number;
  /** Events the stream held at connect that this process hears too (see NatsEventBusOptions.replay). */
  replay?: BscEventName[];
  /** Subject prefix of the events (DEFAULT_SUBJECT_PREFIX unless given; tests use one of their own). */
  prefix?: string;
}

@Global()
@Module({})
export class EventsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  static forRoot(options: EventsModuleOptions = {}): DynamicModule {
    const logger = new Logger('EventBus');
    // one path for a handler that threw, an event not published and a consumer being replaced: the error says which
    const onError = (name: string, error: unknown): void =>
      logger.error({ event: name, err: error }, 'event bus error');
    return {
      module: EventsModule,
      providers: [
        {
          provide: EVENT_BUS,
          useFactory: async (): Promise<EventBus> =>
            options.natsUrl
              ? NatsEventBus.connect(options.natsUrl, {
                  onError,
                  name: 'bsc-platform',
                  retentionS: options.retentionS,
                  replicas: options.replicas,
                  replay: options.replay,
                  prefix: options.prefix,
                  deferReading: true,
                })
              : new InProcessEventBus(onError),
        },
      ],
      exports: [EVENT_BUS],
    };
  }

  /**
   * Other processes' events are read from here on: every module has subscribed by now (onModuleInit), and a global
   * module's bootstrap runs before the others'. Read from connect, an event arriving while the modules were still
   * being created reached no one.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.bus instanceof NatsEventBus) await this.bus.startReading();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.bus instanceof NatsEventBus) await this.bus.close();
  }
}
