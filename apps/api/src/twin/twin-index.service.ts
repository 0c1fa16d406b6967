import { Inject, Injectable } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { TwinIndex } from './twin-index';

/** The index of the model in force, rebuilt once per model version (and for time-travel versions on demand). */
@Injectable()
export class TwinIndexService {
  private readonly byVersion = new Map<number, TwinIndex>();

  constructor(@Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel) {}

  current(): TwinIndex {
    return this.of(this.activeModel.current());
  }

  of(snapshot: Pick<ActiveModelSnapshot, 'model' | 'version'>): TwinIndex {
    let index = this.byVersion.get(snapshot.version);
    if (!index || index.model !== snapshot.model) {
      index = new TwinIndex(snapshot.model, snapshot.version);
      // a handful of versions are in play at once (current + time travel); keep the newest few
      if (this.byVersion.size >= 8) this.byVersion.delete(this.byVersion.keys().next().value as number);
      this.byVersion.set(snapshot.version, index);
    }
    return index;
  }
}
