export * from './config/config-loader';
export * from './config/base-app.config';
export * from './logging/logging.module';
export * from './health/health-registry';
export * from './health/health.module';
export * from './metrics/metrics.module';
export * from './lifecycle/bootstrap';
export * from './core/core-infra.module';
