import { Global, Logger, Module } from '@nestjs/common';
import { EVENT_BUS } from './bsc-events.types';
import { InProcessEventBus } from './in-process-event-bus';

@Global()
@Module({
  providers: [
    {
      provide: EVENT_BUS,
      useFactory: () => {
        const logger = new Logger('EventBus');
        return new InProcessEventBus((name, error) => logger.error({ event: name, err: error }, 'event handler failed'));
      },
    },
  ],
  exports: [EVENT_BUS],
})
export class EventsModule {}
