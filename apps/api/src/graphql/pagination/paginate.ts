import { BscError, BscErrorCode } from '@bsc/common';
import type { ConnectionShape } from './connection.types';

export const DEFAULT_PAGE_SIZE = 50;

/** Cursors are opaque: base64url of the item's stable key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || encodeCursor(key) !== cursor)
    throw new BscError(BscErrorCode.BadInput, 'after: not a cursor returned by this API', 'after');
  return key;
}

export function pageSize(first: number | null | undefined, max: number): number {
  const size = first ?? Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new BscError(BscErrorCode.BadInput, `first: must be between 1 and ${max} (got ${size})`, 'first');
  }
  return size;
}

/** Pages an in-memory, stably ordered list by a unique key (lists of model items are small and already loaded). */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  args: { first?: number | null; after?: string | null },
  maxPageSize: number,
): ConnectionShape<T> {
  const size = pageSize(args.first, maxPageSize);
  let start = 0;
  if (args.after != null) {
    const key = decodeCursor(args.after);
    const at = items.findIndex((item) => keyOf(item) === key);
    if (at < 0)
      throw new BscError(
        BscErrorCode.BadInput,
        'after: cursor no longer matches an item; restart from the first page',
        'after',
      );
    start = at + 1;
  }
  const rows = items.slice(start, start + size + 1);
  return connectionOf(rows, size, { totalCount: items.length, hasPreviousPage: start > 0 }, keyOf, (item) => item);
}

/**
 * A connection from a page read with one row beyond it (`rows.length > size` tells that more follow), for lists
 * paged in the store; `cursorOf` gives each row's cursor key (its offset or its keyset).
 */
export function connectionOf<R, N>(
  rows: readonly R[],
  size: number,
  page: { totalCount: number; hasPreviousPage: boolean },
  cursorOf: (row: R, index: number) => string,
  toNode: (row: R) => N,
): ConnectionShape<N> {
  const edges = rows.slice(0, size).map((row, i) => ({ cursor: encodeCursor(cursorOf(row, i)), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
