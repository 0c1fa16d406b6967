import { Inject, Injectable } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import type { TwinGraph } from '@bsc/twin';
import { TwinIndex } from './twin-index';

/** The index of the model in force, rebuilt once per model version (and for time-travel versions on demand). */
@Injectable()
export class TwinIndexService {
  private readonly byVersion = new Map<number, TwinIndex>();

  constructor(@Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel) {}

  current(): TwinIndex {
    return this.of(this.activeModel.current());
  }

  /** The snapshot's own TwinGraph is reused when it has one (the active model's); time travel passes only the model. */
  of(snapshot: Pick<ActiveModelSnapshot, 'model' | 'version'> & { graph?: TwinGraph }): TwinIndex {
    let index = this.byVersion.get(snapshot.version);
    if (!index || index.model !== snapshot.model) {
      index = new TwinIndex(snapshot.model, snapshot.version, snapshot.graph);
      // a handful of versions are in play at once (current + time travel); keep the newest few
      if (this.byVersion.size >= 8) this.byVersion.delete(this.byVersion.keys().next().value as number);
      this.byVersion.set(snapshot.version, index);
    }
    return index;
  }
}
