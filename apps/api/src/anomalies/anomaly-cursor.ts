import { BscError, BscErrorCode, type AnomalyKind } from '@bsc/common';
import { decodeCursor } from '../graphql/pagination/paginate';
import type { AnomalyKey } from '../stores/anomaly.store';
import { AnomalyKindEnum } from './dto/anomaly.types';

const KINDS: ReadonlySet<string> = new Set(Object.values(AnomalyKindEnum));

/** The cursor's key before encoding: the anomaly's whole key, as its place in the order is. */
export function anomalyCursorKey(a: AnomalyKey): string {
  return JSON.stringify([a.ts, a.kpiId, a.kind, a.signalId]);
}

export function decodeAnomalyCursor(cursor: string): AnomalyKey {
  const key = decodeCursor(cursor);
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 4 &&
    Number.isSafeInteger(parsed[0]) &&
    typeof parsed[1] === 'string' &&
    KINDS.has(parsed[2] as string) &&
    (parsed[3] === null || typeof parsed[3] === 'string')
  ) {
    const [ts, kpiId, kind, signalId] = parsed as [number, string, AnomalyKind, string | null];
    return { ts, kpiId, kind, signalId };
  }
  throw new BscError(BscErrorCode.BadInput, 'after: not an anomaly cursor', 'after');
}
