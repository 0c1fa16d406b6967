import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

// Frozen with the migration on purpose: later changes to entities must come as new migrations, not edits here.
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const epochMs = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const dbl = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'double precision', isNullable });
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });
const serialId: TableColumnOptions = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
};
const pk = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isPrimary: true });

// Built afresh for every run: createTable annotates the Table objects it is given.
const tables = (): Table[] => [
  new Table({
    name: 'twin_model_version',
    columns: [
      serialId,
      str('model_id', 128),
      int('version'),
      epochMs('imported_at'),
      str('imported_by', 128),
      str('checksum', 64),
      text('document'),
      bool('active'),
    ],
    indices: [
      new TableIndex({
        name: 'UQ_twin_model_version_model_version',
        columnNames: ['model_id', 'version'],
        isUnique: true,
      }),
      new TableIndex({ name: 'IDX_twin_model_version_imported_at', columnNames: ['imported_at'] }),
    ],
  }),
  new Table({
    name: 'twin_node',
    columns: [pk(int('version_id')), pk(str('kind', 32)), pk(str('node_id', 256)), str('name', 512), text('props')],
    foreignKeys: [versionForeignKey()],
  }),
  new Table({
    name: 'twin_edge',
    columns: [
      serialId,
      int('version_id'),
      str('from_node', 256),
      str('to_node', 256),
      str('type', 32),
      text('props', true),
    ],
    indices: [
      new TableIndex({ name: 'IDX_twin_edge_from', columnNames: ['version_id', 'from_node'] }),
      new TableIndex({ name: 'IDX_twin_edge_to', columnNames: ['version_id', 'to_node'] }),
    ],
    foreignKeys: [versionForeignKey()],
  }),
  new Table({
    name: 'signal_sample',
    withoutRowid: true,
    columns: [
      pk(str('signal_id', 256)),
      pk(epochMs('ts')),
      dbl('value'),
      str('quality', 16),
      str('source', 128),
      epochMs('received_at'),
    ],
    indices: [new TableIndex({ name: 'IDX_signal_sample_ts_signal', columnNames: ['ts', 'signal_id'] })],
  }),
  new Table({
    name: 'kpi_value_revision',
    columns: [
      serialId,
      str('kpi_id', 256),
      str('period_key', 32),
      epochMs('period_start'),
      epochMs('period_end'),
      dbl('value', true),
      dbl('coverage'),
      bool('stale'),
      str('quality', 16),
      str('origin', 16),
      epochMs('as_of'),
      epochMs('computed_at'),
      int('model_version'),
      epochMs('recorded_at'),
      str('entered_by', 128, true),
      text('comment', true),
    ],
    indices: [
      new TableIndex({ name: 'IDX_kpi_value_revision_lookup', columnNames: ['kpi_id', 'period_key', 'recorded_at'] }),
      new TableIndex({ name: 'IDX_kpi_value_revision_period_start', columnNames: ['kpi_id', 'period_start'] }),
    ],
  }),
  new Table({
    name: 'dead_letter',
    columns: [
      serialId,
      epochMs('received_at'),
      str('source', 128),
      str('channel', 512, true),
      str('reason', 64),
      text('detail'),
      text('payload', true),
      str('payload_encoding', 8),
      str('signal_id', 256, true),
    ],
    indices: [
      new TableIndex({ name: 'IDX_dead_letter_received_at', columnNames: ['received_at'] }),
      new TableIndex({ name: 'IDX_dead_letter_reason', columnNames: ['reason', 'received_at'] }),
    ],
  }),
  new Table({
    name: 'alert',
    columns: [
      pk(str('id', 64)),
      str('rule', 128),
      str('kpi_id', 256, true),
      str('unit_id', 256),
      str('severity', 16),
      str('status', 16),
      text('message'),
      epochMs('raised_at'),
      epochMs('acknowledged_at', true),
      str('acknowledged_by', 128, true),
      epochMs('resolved_at', true),
      int('escalation_level'),
      epochMs('last_notified_at', true),
      str('dedup_key', 512),
    ],
    indices: [
      new TableIndex({
        name: 'UQ_alert_unresolved_dedup_key',
        columnNames: ['dedup_key'],
        isUnique: true,
        where: `"status" <> 'resolved'`,
      }),
      new TableIndex({ name: 'IDX_alert_status_raised_at', columnNames: ['status', 'raised_at'] }),
      new TableIndex({ name: 'IDX_alert_unit_status', columnNames: ['unit_id', 'status'] }),
    ],
  }),
  new Table({
    name: 'alert_event',
    columns: [
      serialId,
      str('alert_id', 64),
      epochMs('at'),
      str('type', 32),
      str('actor', 128, true),
      text('detail', true),
    ],
    indices: [new TableIndex({ name: 'IDX_alert_event_alert_at', columnNames: ['alert_id', 'at'] })],
    foreignKeys: [
      new TableForeignKey({
        columnNames: ['alert_id'],
        referencedTableName: 'alert',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    ],
  }),
  new Table({
    name: 'initiative_state',
    columns: [
      pk(str('initiative_id', 256)),
      str('status', 16),
      dbl('progress'),
      text('milestones'),
      epochMs('updated_at'),
      str('updated_by', 128),
    ],
  }),
  new Table({
    name: 'kpi_target_override',
    columns: [
      pk(str('kpi_id', 256)),
      pk(str('period_key', 32)),
      dbl('value'),
      dbl('lower', true),
      dbl('upper', true),
      str('set_by', 128),
      epochMs('set_at'),
    ],
  }),
  new Table({
    name: 'forecast_result',
    columns: [
      serialId,
      str('kpi_id', 256),
      epochMs('computed_at'),
      str('method', 64),
      int('horizon'),
      str('period_key', 32, true),
      dbl('probability', true),
      text('payload'),
    ],
    indices: [new TableIndex({ name: 'IDX_forecast_result_kpi_computed_at', columnNames: ['kpi_id', 'computed_at'] })],
  }),
  new Table({
    name: 'link_estimate',
    columns: [serialId, str('from_objective', 256), str('to_objective', 256), epochMs('computed_at'), text('payload')],
    indices: [
      new TableIndex({
        name: 'IDX_link_estimate_link_computed_at',
        columnNames: ['from_objective', 'to_objective', 'computed_at'],
      }),
    ],
  }),
  new Table({
    name: 'api_key',
    columns: [
      pk(str('id', 64)),
      str('name', 128),
      str('hashed_key', 64),
      str('role', 32),
      str('unit_scope', 256, true),
      epochMs('created_at'),
      epochMs('revoked_at', true),
      epochMs('last_used_at', true),
    ],
    indices: [new TableIndex({ name: 'UQ_api_key_hashed_key', columnNames: ['hashed_key'], isUnique: true })],
  }),
];

function versionForeignKey(): TableForeignKey {
  return new TableForeignKey({
    columnNames: ['version_id'],
    referencedTableName: 'twin_model_version',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });
}

export class InitialSchema1795362000000 implements MigrationInterface {
  name = 'InitialSchema1795362000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) {
      await queryRunner.createTable(table, true, true, true);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) {
      await queryRunner.dropTable(table.name, true, true, true);
    }
  }
}
