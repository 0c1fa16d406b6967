import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { canSeeNode } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { paginate } from '../graphql/pagination/paginate';
import { toTwinNodeType } from './dto/to-twin.type.mapper';
import type { TwinNodeType } from './dto/twin.types';
import { explorerChildren } from './twin-explorer.tree';
import { TwinIndexService } from './twin-index.service';

@Injectable()
export class TwinExplorerService {
  constructor(
    private readonly twin: TwinIndexService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  children(
    principal: Principal,
    parentId: string | null,
    page: { first?: number; after?: string },
  ): ConnectionShape<TwinNodeType> {
    const index = this.twin.current();
    if (parentId !== null) {
      const parent = index.nodes.get(parentId);
      if (!parent || !canSeeNode(principal, index, parent))
        throw new BscError(BscErrorCode.NotFound, `parentId: no node '${parentId}'`, 'parentId');
    }
    const canSee = (n: { kind: string; unitId: string | null }) => canSeeNode(principal, index, n);
    // a scoped caller's roots are the top-most units it may see
    const visible =
      parentId === null
        ? [...index.nodes.values()].filter((n) => {
            const parent = n.kind === 'unit' ? index.units.get(n.id)?.parent : undefined;
            const parentView = parent === undefined ? undefined : index.nodes.get(parent);
            return n.kind === 'unit' && canSee(n) && (!parentView || !canSee(parentView));
          })
        : explorerChildren(index, parentId).filter(canSee);
    const paged = paginate(visible, (n) => n.id, page, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const nodes = paged.nodes.map((n) => toTwinNodeType(n, index));
    return { ...paged, nodes, edges: paged.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })) };
  }

  childCount(principal: Principal, id: string): number {
    const index = this.twin.current();
    return explorerChildren(index, id).filter((n) => canSeeNode(principal, index, n)).length;
  }
}
