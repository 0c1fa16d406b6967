import type { TwinModel } from '@bsc/twin';

export interface ActiveModelSnapshot {
  model: TwinModel;
  /** Version number in the database (increases with every import that changed the model). */
  version: number;
  importedAt: number;
}

/**
 * The twin model in force, shared by ingestion and the API. Implemented over persistence: at start it loads the
 * active version (importing MODEL_FILE when the database has none); `import` stores a new version and notifies.
 */
export interface ActiveModel {
  current(): ActiveModelSnapshot;
  onChange(listener: (snapshot: ActiveModelSnapshot) => void): () => void;
}

export const ACTIVE_MODEL = Symbol('ACTIVE_MODEL');
