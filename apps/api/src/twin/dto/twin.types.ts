import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../graphql/pagination/connection.types';
import { TwinEdgeKindEnum, TwinNodeKindEnum } from '../../graphql/graphql-enums';
import type { TwinEdgeType as TwinEdgeKind, TwinNodeKind } from '@bsc/twin';

@ObjectType('TwinNode', {
  description:
    'A node of the twin graph: org unit, perspective, objective, KPI, signal, process, asset, initiative or OPC UA server.',
})
export class TwinNodeType {
  @Field(() => ID) id: string;
  @Field(() => TwinNodeKindEnum) kind: TwinNodeKind;
  @Field() name: string;
  @Field(() => ID, { nullable: true, description: 'Org unit the node belongs to (itself for units).' }) unitId:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'For signals: where the data comes from, e.g. "opcua:plc-north ns=2;s=Line1.Speed".',
  })
  source: string | null;
}

@ObjectType('TwinEdge', {
  description: "A typed edge of the twin graph, exactly as the model's TwinGraph holds it (and as stored per version).",
})
export class TwinEdgeType {
  @Field(() => ID) from: string;
  @Field(() => ID) to: string;
  @Field(() => TwinEdgeKindEnum) kind: TwinEdgeKind;
  @Field({
    description: "False for edges written in the model's `edges` list; true for relations derived from definitions.",
  })
  derived: boolean;
}

@ObjectType('TwinGraph')
export class TwinGraphType {
  @Field(() => [TwinNodeType]) nodes: TwinNodeType[];
  @Field(() => [TwinEdgeType]) edges: TwinEdgeType[];
  @Field({ description: 'True when the node limit cut the traversal short.' }) truncated: boolean;
}

@ObjectType('TwinNodeConnection')
export class TwinNodeConnection extends Connection(TwinNodeType) {}
