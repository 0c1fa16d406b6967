import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TwinEdgeKindEnum, TwinNodeKindEnum } from '../../graphql/graphql-enums';
import type { TwinEdgeKind, TwinNodeKind } from '../twin-index';

@ObjectType('TwinNode', { description: 'A node of the twin graph: org unit, perspective, objective, KPI, signal, process, asset or initiative.' })
export class TwinNodeType {
  @Field(() => ID) id: string;
  @Field(() => TwinNodeKindEnum) kind: TwinNodeKind;
  @Field() name: string;
  @Field(() => ID, { nullable: true, description: 'Org unit the node belongs to (itself for units).' }) unitId: string | null;
  @Field(() => String, { nullable: true, description: 'For signals: where the data comes from, e.g. "opcua:plc-north ns=2;s=Line1.Speed".' })
  source: string | null;
}

@ObjectType('TwinEdge')
export class TwinEdgeType {
  @Field(() => ID) from: string;
  @Field(() => ID) to: string;
  @Field(() => TwinEdgeKindEnum) kind: TwinEdgeKind;
}

@ObjectType('TwinGraph')
export class TwinGraphType {
  @Field(() => [TwinNodeType]) nodes: TwinNodeType[];
  @Field(() => [TwinEdgeType]) edges: TwinEdgeType[];
  @Field({ description: 'True when the node limit cut the traversal short.' }) truncated: boolean;
}
