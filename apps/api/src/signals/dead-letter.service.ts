import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/pagination/paginate';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '../stores/dead-letter.store';
import type { DeadLetterFilterInput, DeadLetterType } from './dto/dead-letter.types';

/** Dead letters, newest first, keyset-paged on their id (stable while new ones arrive). */
@Injectable()
export class DeadLetterService {
  constructor(
    @Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async list(
    filter: DeadLetterFilterInput = {},
    page: { first?: number; after?: string },
  ): Promise<ConnectionShape<DeadLetterType>> {
    const size = pageSize(page.first, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const beforeId = page.after != null ? Number(decodeCursor(page.after)) : undefined;
    if (beforeId !== undefined && !Number.isInteger(beforeId))
      throw new BscError(BscErrorCode.BadInput, 'after: not a dead-letter cursor', 'after');
    const [rows, totalCount] = await Promise.all([
      this.store.list({ reason: filter.reason, source: filter.source, beforeId, limit: size + 1 }),
      this.store.count({ reason: filter.reason, source: filter.source }),
    ]);
    const edges = rows.slice(0, size).map((d) => ({
      cursor: encodeCursor(String(d.id)),
      node: { ...d, id: String(d.id), receivedAt: new Date(d.receivedAt) },
    }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      totalCount,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: beforeId !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }
}
