import type { DataSource } from 'typeorm';

/** A protobuf-like payload with 0x00 and 0xff: base64 "AP8QYQ==" as the old rows kept it. */
export const OLD_BINARY_PAYLOAD = Buffer.from([0x00, 0xff, 0x10, 0x61]);

/** Two dead letters (ids 1, 2 in an empty table) as stored before payload_bytes existed: binary as base64, text as utf8. */
export async function insertOldDeadLetters(
  dataSource: DataSource,
  param: (i: number) => string,
  table: (name: string) => string = (name) => name,
): Promise<void> {
  const rows: Array<[number, string, string, string]> = [
    [1, 'bad_protobuf', OLD_BINARY_PAYLOAD.toString('base64'), 'base64'],
    [2, 'invalid_json', '{"v": }', 'utf8'],
  ];
  for (const [id, reason, payload, encoding] of rows) {
    await dataSource.query(
      `INSERT INTO ${table('dead_letter')} (received_at, source, channel, reason, detail, payload, payload_encoding, signal_id) ` +
        `VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(', ')}, NULL)`,
      [1_000 + id, 'sparkplug', 'spBv1.0/g/DDATA/n/d', reason, 'old row', payload, encoding],
    );
  }
}
