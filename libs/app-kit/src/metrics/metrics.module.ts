import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerHeapAfterGcMetric } from './heap-after-gc.metric';
import { MetricsController } from './metrics.controller';

/** One Prometheus registry per process; modules inject `Registry` and register their own metrics on it. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'bsc_' });
        registerHeapAfterGcMetric(registry, 'bsc_');
        return registry;
      },
    },
  ],
  exports: [Registry],
})
export class MetricsModule {}
