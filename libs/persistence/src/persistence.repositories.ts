import { KpiValueRepository } from './kpi-values/kpi-value.repository';
import { ModelVersionRepository } from './model-versions/model-version.repository';
import { SampleRepository } from './samples/sample.repository';

/** Every repository the module provides; each takes the DataSource as its only dependency. */
export const PERSISTENCE_REPOSITORIES = [SampleRepository, KpiValueRepository, ModelVersionRepository] as const;
