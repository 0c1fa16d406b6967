import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  isPostgres,
  maxRowsPerStatement,
  pgArrayInserts,
  statementChunks,
  tableRef,
  valuesPlaceholders,
  type InsertColumn,
  type Statement,
} from '../data-source/sql-dialect';
import { TwinEdgeEntity } from '../entities/twin-edge.entity';
import { TwinNodeEntity } from '../entities/twin-node.entity';
import type { TwinGraphSnapshot } from './model-version.types';

/** In insert order. */
type Columns<R> = ReadonlyArray<InsertColumn<R>>;

type NodeRow = TwinGraphSnapshot['nodes'][number];
type EdgeRow = TwinGraphSnapshot['edges'][number];

// props are `simple-json` columns: the text TypeORM would write (JSON), SQL NULL for an edge without props.
const nodeColumns = (versionId: number): Columns<NodeRow> => [
  ['version_id', 'integer', () => versionId],
  ['kind', 'varchar', (n) => n.kind],
  ['node_id', 'varchar', (n) => n.id],
  ['name', 'varchar', (n) => n.name],
  ['props', 'text', (n) => JSON.stringify(n.props)],
];

const edgeColumns = (versionId: number): Columns<EdgeRow> => [
  ['version_id', 'integer', () => versionId],
  ['from_node', 'varchar', (e) => e.from],
  ['to_node', 'varchar', (e) => e.to],
  ['type', 'varchar', (e) => e.type],
  ['props', 'text', (e) => (e.props == null ? null : JSON.stringify(e.props))],
];

/**
 * Inserts of rows, hand-written: PostgreSQL binds one array per column (pgArrayInserts: rows keep their order, so edge
 * ids follow the snapshot's order); SQLite gets multi-row VALUES under its variable limit. TypeORM's insert builder
 * names and escapes every parameter: at 100k signals (117,000 nodes, 157,000 edges) that was 8 of the 20 s of CPU of
 * a `bsc model import`.
 */
function inserts<R>(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  columns: Columns<R>,
  rows: readonly R[],
): Statement[] {
  if (isPostgres(dataSource)) return pgArrayInserts(dataSource, target, columns, rows);
  const names = columns.map(([name]) => name).join(', ');
  const table = tableRef(dataSource, target);
  return statementChunks(dataSource, rows, maxRowsPerStatement(dataSource, columns.length)).map((part) => ({
    sql: `INSERT INTO ${table} (${names}) VALUES ${valuesPlaceholders(dataSource, part.length, columns.length)}`,
    params: part.flatMap((row) => columns.map(([, , of]) => of(row))),
  }));
}

/** The statements that insert one version's graph: its nodes, then its edges. */
export function twinGraphInserts(dataSource: DataSource, versionId: number, graph: TwinGraphSnapshot): Statement[] {
  return [
    ...inserts(dataSource, TwinNodeEntity, nodeColumns(versionId), graph.nodes),
    ...inserts(dataSource, TwinEdgeEntity, edgeColumns(versionId), graph.edges),
  ];
}
