import type { Provider } from '@nestjs/common';
import type { BaseAppConfig } from '../config/base-app.config';
import { LeasedSingletons } from './leased-singletons';
import { LocalSingletons, SINGLETONS, type Singletons } from './singletons.port';

/** Elected through leases on the event bus's NATS when one is configured; otherwise every job runs here. */
export function singletonsProviders(config: BaseAppConfig): Provider[] {
  return [
    {
      provide: SINGLETONS,
      useFactory: async (): Promise<Singletons> =>
        config.EVENT_BUS_URL
          ? LeasedSingletons.connect(config.EVENT_BUS_URL, {
              ttlMs: config.LEASE_TTL_S * 1000,
              replicas: config.EVENT_BUS_REPLICAS,
            })
          : new LocalSingletons(),
    },
  ];
}
