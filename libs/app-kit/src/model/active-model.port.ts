import type { TwinGraph, TwinModel } from '@bsc/twin';

export interface ActiveModelSnapshot {
  model: TwinModel;
  /** The in-memory twin graph of this model version (built once per version). */
  graph: TwinGraph;
  /** Version number in the database (increases with every import that changed the model). */
  version: number;
  importedAt: number;
}

export interface ImportModelOutcome {
  snapshot: ActiveModelSnapshot;
  /** False when the model equals the version in force (nothing stored). */
  created: boolean;
}

/**
 * The twin model in force, shared by ingestion and the API. Implemented over persistence: at start it loads the
 * active version (importing MODEL_FILE when the database has none); `import` stores a new version and notifies.
 */
export interface ActiveModel {
  current(): ActiveModelSnapshot;
  onChange(listener: (snapshot: ActiveModelSnapshot) => void): () => void;
  /** Stores an already validated model as a new version and makes it the one in force. */
  import(model: TwinModel, importedBy: string): Promise<ImportModelOutcome>;
}

export const ACTIVE_MODEL = Symbol('ACTIVE_MODEL');
