import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit, Inject } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { connect } from 'nats';
import { EVENT_BUS, eventStreamName, EventsModule, NatsEventBus, type EventBus } from '@bsc/events';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

jest.setTimeout(30_000);

/** A module's service that listens from its onModuleInit, as the house rule says. */
@Injectable()
class Listener implements OnModuleInit {
  readonly heard: number[] = [];
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}
  onModuleInit(): void {
    this.bus.subscribe('model.imported', ({ version }) => this.heard.push(version));
  }
}

/**
 * An app's bus connects while its modules are being created; another process publishes before they have subscribed
 * (their onModuleInit). The event must reach them: it waits in the stream until the app's bootstrap.
 */
describe('EventsModule over NATS: the start of an app', () => {
  const prefix = `test.events.${randomUUID().replace(/-/g, '')}`;

  afterAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(eventStreamName(prefix)).catch(() => false);
    await nc.close();
  });

  it('delivers what another process published between its connect and its modules subscribing', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EventsModule.forRoot({ natsUrl: NATS_URL, prefix })],
      providers: [Listener],
    }).compile(); // the bus connected: the stream's position is taken
    const other = await NatsEventBus.connect(NATS_URL, { prefix, name: 'other' });
    // version 7 of a model imported elsewhere, stored by the stream before this app's modules subscribe
    other.publish('model.imported', { modelId: 'plant', version: 7 });
    await other.flush();
    await other.close();

    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const listener = app.get(Listener);
    for (let waited = 0; listener.heard.length === 0 && waited < 5_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await app.close();

    expect(listener.heard).toEqual([7]);
  });
});
