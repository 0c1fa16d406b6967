import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Relay-style connection type for a node type: `<Name>Connection` with `<Name>Edge`, where Name is the node's
 * GraphQL name (the class name without its `Type` suffix, as `KpiType` is `Kpi`), never the class name.
 */
export function Connection<T>(
  node: Type<T>,
  graphqlName: string = node.name.replace(/Type$/, ''),
): Type<ConnectionShape<T>> {
  @ObjectType(`${graphqlName}Edge`)
  class Edge {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${node.name}Connection`, { isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge]) edges: Edge[];
    /** Shortcut for edges { node }. */
    @Field(() => [node]) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'Items matching the filter, over all pages.' }) totalCount: number;
  }
  return ConnectionType as unknown as Type<ConnectionShape<T>>;
}
