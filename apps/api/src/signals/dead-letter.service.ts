import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { connectionOf, decodeCursor, pageSize } from '../graphql/pagination/paginate';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '../stores/dead-letter.store';
import { TwinIndexService } from '../twin/twin-index.service';
import { deadLetterVisibility } from './dead-letter-scope';
import type { DeadLetterFilterInput, DeadLetterType } from './dto/dead-letter.types';

/**
 * Dead letters, newest first, keyset-paged on their id (stable while new ones arrive); only those of the caller's
 * units (see deadLetterVisibility), selected in the store so that a page holds `first` of them.
 */
@Injectable()
export class DeadLetterService {
  constructor(
    @Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly twin: TwinIndexService,
  ) {}

  async list(
    principal: Principal,
    filter: DeadLetterFilterInput = {},
    page: { first?: number; after?: string },
  ): Promise<ConnectionShape<DeadLetterType>> {
    const size = pageSize(page.first, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const beforeId = page.after != null ? Number(decodeCursor(page.after)) : undefined;
    if (beforeId !== undefined && !Number.isInteger(beforeId))
      throw new BscError(BscErrorCode.BadInput, 'after: not a dead-letter cursor', 'after');
    const query = { reason: filter.reason, source: filter.source };
    const visibleTo = (await deadLetterVisibility(principal, this.twin.current(), this.store, query)) ?? undefined;
    const [rows, totalCount] = await Promise.all([
      this.store.list({ ...query, visibleTo, beforeId, limit: size + 1 }),
      this.store.count({ ...query, visibleTo }),
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
