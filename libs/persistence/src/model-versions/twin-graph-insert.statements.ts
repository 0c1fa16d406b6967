import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  chunk,
  isPostgres,
  maxRowsPerStatement,
  PG_ARRAY_ROWS_PER_STATEMENT,
  statementChunks,
  tableRef,
  valuesPlaceholders,
  type Statement,
} from '../data-source/sql-dialect';
import { TwinEdgeEntity } from '../entities/twin-edge.entity';
import { TwinNodeEntity } from '../entities/twin-node.entity';
import type { TwinGraphSnapshot } from './model-version.types';

/** Column, its PostgreSQL array type and how a row gives its value, in insert order. */
type Columns<R> = ReadonlyArray<[string, string, (row: R) => unknown]>;

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
 * Inserts of rows, hand-written: PostgreSQL binds one array per column through `unnest` (rows keep their order, so
 * edge ids follow the snapshot's order as before); SQLite gets multi-row VALUES under its variable limit. TypeORM's
 * insert builder names and escapes every parameter: at 100k signals (117,000 nodes, 157,000 edges) that was 8 of the
 * 20 s of CPU of a `bsc model import`.
 */
function inserts<R>(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  columns: Columns<R>,
  rows: readonly R[],
): Statement[] {
  const names = columns.map(([name]) => name).join(', ');
  const table = tableRef(dataSource, target);
  if (isPostgres(dataSource)) {
    const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
    return chunk(rows, PG_ARRAY_ROWS_PER_STATEMENT).map((part) => ({
      sql,
      params: columns.map(([, , of]) => part.map(of)),
    }));
  }
  const maxRows = maxRowsPerStatement(dataSource, columns.length);
  return statementChunks(dataSource, rows, maxRows).map((part) => ({
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
