import { EtsSpec } from '../ets/ets.types';

/** 'M,Ad,N' → { error: 'M', trend: 'Ad', season: 'N' } for table-driven ETS fixtures. */
export function etsSpec(s: string): EtsSpec {
  const [error, trend, season] = s.split(',') as [EtsSpec['error'], EtsSpec['trend'], EtsSpec['season']];
  return { error, trend, season };
}
