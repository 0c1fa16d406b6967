import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { connectionOf, decodeCursor, pageSize } from '../graphql/pagination/paginate';
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
    return connectionOf(
      rows,
      size,
      { totalCount, hasPreviousPage: beforeId !== undefined },
      (d) => String(d.id),
      (d) => ({ ...d, id: String(d.id), receivedAt: new Date(d.receivedAt) }),
    );
  }
}
