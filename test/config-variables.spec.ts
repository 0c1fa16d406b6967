import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, declaredConfigKeys, loadConfig } from '@bsc/app-kit';
import { ApiConfig } from '../apps/api/src/config/api.config';
import { CliConfig } from '../apps/cli/src/config/cli.config';
import { IngestionConfig } from '../apps/ingestion/src/config/ingestion.config';

// Every variable an app declares, set from the environment to each accepted spelling (effective value checked) and
// to spellings that must stop the start naming the variable. A variable without a row here fails the coverage test.
interface Row {
  accepted: Array<[string, unknown]>;
  refused: string[];
}

const BOOLEAN: Row = {
  accepted: [
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['yes', true],
    ['no', false],
    ['on', true],
    ['off', false],
    ['TRUE', true],
    ['Off', false],
    [' no ', false],
  ],
  // "2", "ja", "enabled" once read as true (Boolean("...")); now they are refused.
  refused: ['maybe', '2', 'enabled', 'tru'],
};

const int = (accepted: Array<[string, number]>, ...refused: string[]): Row => ({
  accepted,
  refused: ['abc', '0x10', '1e3', '12abc', ...refused],
});
const text = (...accepted: string[]): Row => ({ accepted: accepted.map((v) => [v, v]), refused: [] });
const pattern = (accepted: string[], refused: string[]): Row => ({ accepted: accepted.map((v) => [v, v]), refused });

const ROWS: Record<string, Row> = {
  BSC_PROFILE: {
    accepted: [
      ['embedded', 'embedded'],
      ['production', 'production'],
      ['test', 'test'],
    ],
    refused: ['staging'],
  },
  PORT: int(
    [
      ['8080', 8080],
      ['0', 0],
      ['65535', 65535],
    ],
    '65536',
    '-1',
    '80.5',
  ),
  HOST: text('127.0.0.1', '::'),
  LOG_LEVEL: pattern(['debug', 'silent'], ['verbose']),
  DATABASE_URL: pattern(['postgres://u:p@db:5432/bsc', 'postgresql://db/bsc'], ['mysql://db/bsc']),
  EVENT_BUS_URL: pattern(
    ['nats://nats:4222', 'tls://nats:4222', 'nats://n1:4222,nats://n2:4222', 'nats://n1:4222, nats://n2:4222'],
    ['http://nats:4222', 'nats://n1:4222,http://n2:4222', 'nats://n1:4222,'],
  ),
  EVENT_BUS_RETENTION_S: int(
    [
      ['10', 10],
      ['86400', 86400],
    ],
    '9',
    '86401',
  ),
  EVENT_BUS_REPLICAS: int(
    [
      ['1', 1],
      ['3', 3],
      ['5', 5],
    ],
    '0',
    '6',
  ),
  LEASE_TTL_S: int(
    [
      ['2', 2],
      ['300', 300],
    ],
    '1',
    '301',
  ),
  DATA_DIR: text('/var/lib/bsc'),
  MODEL_FILE: text('models/other.yaml'),
  SHUTDOWN_TIMEOUT_S: int(
    [
      ['1', 1],
      ['600', 600],
    ],
    '0',
    '601',
  ),
  HEAP_GROWTH_PERCENT: int(
    [
      ['0', 0],
      ['50', 50],
      ['300', 300],
    ],
    '-1',
    '301',
    '12.5',
  ),
  MODEL_POLL_INTERVAL_S: int(
    [
      ['0', 0],
      ['3600', 3600],
    ],
    '-1',
    '3601',
  ),
  // ingestion
  MQTT_URL: pattern(['mqtt://broker:1883', 'mqtts://broker:8883', 'ws://broker/mqtt'], ['http://broker']),
  MQTT_EMBEDDED_PORT: int([['1885', 1885]], '70000'),
  MQTT_PROTOCOL_VERSION: int(
    [
      ['4', 4],
      ['5', 5],
    ],
    '3',
  ),
  MQTT_CLIENT_ID: text('bsc-ingestion-2'),
  MQTT_USERNAME: text('bsc'),
  MQTT_PASSWORD: text('s3cret'),
  MQTT_SHARE_GROUP: pattern(['ingest'], ['a/b', 'x+']),
  MQTT_CA_FILE: text('/etc/ssl/ca.pem'),
  SIMULATOR_ENABLED: BOOLEAN,
  SIMULATOR_SEED: int(
    [
      ['7', 7],
      ['-3', -3],
    ],
    '1.5',
  ),
  SIMULATOR_BACKFILL_DAYS: int(
    [
      ['0', 0],
      ['3650', 3650],
    ],
    '3651',
  ),
  SIMULATOR_OPCUA_PORT: int([['4841', 4841]], '0'),
  SIMULATOR_BACKFILL_STEP_S: int(
    [
      ['60', 60],
      ['3600', 3600],
    ],
    '59',
  ),
  SIMULATOR_TICK_MS: int([['100', 100]], '99'),
  SIMULATOR_PKI_DIR: text('/var/lib/bsc/pki-sim'),
  OPCUA_TRUST_UNKNOWN_SERVERS: BOOLEAN,
  OPCUA_PKI_DIR: text('/var/lib/bsc/pki'),
  OPCUA_CREDENTIALS: pattern(['{"plant":{"user":"u","password":"p"}}'], ['{plant}']),
  INTAKE_TOKEN: text('token-123'),
  INTAKE_MAX_SAMPLES: int(
    [
      ['1', 1],
      ['100000', 100_000],
    ],
    '0',
    '100001',
  ),
  // jetstream: with EVENT_BUS_URL only, below
  SAMPLE_LOG: pattern(['database'], ['kafka']),
  KPI_PARTITIONS: int(
    [
      ['1', 1],
      ['1024', 1_024],
    ],
    '0',
    '1025',
  ),
  // worker: with EVENT_BUS_URL only, below
  INGEST_ROLE: pattern(['all'], ['intake']),
  INGEST_MAX_PAST_DAYS: int([['30', 30]], '0'),
  INGEST_MAX_FUTURE_S: int(
    [
      ['0', 0],
      ['86400', 86_400],
    ],
    '86401',
  ),
  MQTT_MAX_PAYLOAD_BYTES: int([['1024', 1024]], '1023'),
  MQTT_SESSION_EXPIRY_S: int(
    [
      ['0', 0],
      ['4294967295', 4_294_967_295],
    ],
    '4294967296',
  ),
  MQTT_RECEIVE_MAXIMUM: int(
    [
      ['1', 1],
      ['65535', 65_535],
    ],
    '0',
  ),
  SPARKPLUG_REORDER_TIMEOUT_MS: int(
    [
      ['0', 0],
      ['600000', 600_000],
    ],
    '600001',
    '-1',
  ),
  MQTT_KEEPALIVE_S: int(
    [
      ['1', 1],
      ['65535', 65_535],
    ],
    '0',
    '65536',
  ),
  INGEST_WRITE_CONCURRENCY: int(
    [
      ['1', 1],
      ['8', 8],
    ],
    '0',
    '9',
  ),
  INGEST_STALL_AFTER_S: int(
    [
      ['1', 1],
      ['3600', 3600],
    ],
    '0',
    '3601',
  ),
  SAMPLE_IMPORT_POLL_INTERVAL_S: int(
    [
      ['0', 0],
      ['3600', 3600],
    ],
    '-1',
    '3601',
  ),
  SAMPLE_RETENTION_DAYS: int(
    [
      ['0', 0],
      ['30', 30],
      ['36500', 36_500],
    ],
    '-1',
    '36501',
  ),
  SAMPLE_ROLLUP_FOLD_INTERVAL_S: int(
    [
      ['0', 0],
      ['60', 60],
      ['86400', 86_400],
    ],
    '-1',
    '86401',
  ),
  KPI_REPLAY_ON_START: BOOLEAN,
  KPI_CHECKPOINT_INTERVAL_S: int(
    [
      ['0', 0],
      ['60', 60],
      ['86400', 86_400],
    ],
    '-1',
    '86401',
  ),
  KPI_CHECKPOINT_REPLAY_S: int(
    [
      ['0', 0],
      ['120', 120],
      ['86400', 86_400],
    ],
    '-1',
    '86401',
  ),
  KPI_MOVING_REFRESH_MS: int(
    [
      ['0', 0],
      ['1000', 1000],
      ['3600000', 3_600_000],
    ],
    '-1',
    '3600001',
  ),
  KPI_FINE_HORIZON_S: int(
    [
      ['60', 60],
      ['21600', 21_600],
      ['604800', 604_800],
    ],
    '59',
    '604801',
  ),
  KPI_REPLAY_HISTORY: pattern(['bounded', 'full'], ['all', 'Full']),
  ALERTS_ENABLED: BOOLEAN,
  ALERT_RULES: pattern(['[]'], ['[{']),
  ALERT_RULES_FILE: text('/etc/bsc/alert-rules.yaml'),
  ALERT_ESCALATE_AFTER: pattern(['30m', '2h', '500ms'], ['30', '1 h']),
  ALERT_WEBHOOK_URLS: pattern(
    ['https://a.example/h', 'https://a.example/h, http://b.example/h'],
    ['ftp://a.example', 'https://a.example/h;x y'],
  ),
  ALERT_WEBHOOK_SECRET: text('hmac-secret'),
  ALERT_MQTT_TOPIC_PREFIX: {
    accepted: [
      ['site/alerts', 'site/alerts'],
      ['off', ''],
      ['', 'bsc/alerts'],
    ],
    refused: ['site/#'],
  },
  // api
  JWT_SECRET: pattern(['0123456789abcdef0123456789abcdef'], ['too-short']),
  JWT_ISSUER: text('other-issuer'),
  GRAPHQL_INTROSPECTION: BOOLEAN,
  GRAPHQL_PATH: pattern(['/api/graphql'], ['graphql']),
  GRAPHQL_MAX_DEPTH: int(
    [
      ['1', 1],
      ['50', 50],
    ],
    '0',
    '51',
  ),
  GRAPHQL_MAX_COST: int(
    [
      ['1', 1],
      ['100000', 100_000],
    ],
    '0',
  ),
  GRAPHQL_MAX_PAGE_SIZE: int([['1000', 1000]], '1001'),
  GRAPHQL_LIST_COST_FACTOR: int([['10', 10]], '0'),
  GRAPHQL_MAX_ALIASES: int(
    [
      ['0', 0],
      ['1000', 1000],
    ],
    '1001',
  ),
  GRAPHQL_MAX_BODY_BYTES: int(
    [
      ['1024', 1024],
      ['67108864', 67_108_864],
    ],
    '1023',
    '67108865',
  ),
  GRAPHQL_MAX_STRING_CHARS: int(
    [
      ['1', 1],
      ['67108864', 67_108_864],
    ],
    '0',
    '67108865',
  ),
  GRAPHQL_MAX_TOKENS: int(
    [
      ['100', 100],
      ['100000', 100_000],
    ],
    '99',
  ),
  GRAPHIQL_ENABLED: BOOLEAN,
  API_KEY_CACHE_TTL_MS: int(
    [
      ['0', 0],
      ['3600000', 3_600_000],
    ],
    '3600001',
  ),
  SCORECARD_CACHE_TTL_S: int(
    [
      ['0', 0],
      ['3600', 3600],
    ],
    '3601',
  ),
  SCORECARD_LIVE_ROLLUP: BOOLEAN,
  GRAPHQL_RESPONSE_CACHE_TTL_MS: int([['0', 0]], '3600001'),
  GRAPHQL_RESPONSE_CACHE_MAX_MB: int(
    [
      ['1', 1],
      ['4096', 4096],
    ],
    '0',
  ),
  FORECAST_INITIAL_DELAY_S: int(
    [
      ['0', 0],
      ['86400', 86_400],
    ],
    '86401',
    '-1',
  ),
  FORECAST_INTERVAL_S: int(
    [
      ['10', 10],
      ['86400', 86_400],
    ],
    '9',
    '86401',
  ),
  FORECAST_RETENTION_DAYS: int(
    [
      ['1', 1],
      ['3650', 3650],
    ],
    '0',
    '3651',
  ),
  FORECAST_STALL_AFTER_S: int(
    [
      ['60', 60],
      ['86400', 86_400],
    ],
    '59',
    '86401',
  ),
  FORECAST_WORKER_NICE: int(
    [
      ['0', 0],
      ['19', 19],
    ],
    '20',
    '-1',
  ),
  CHROMIUM_PATH: text('/usr/bin/chromium', '/opt/chromium/chrome'),
  BSC_API_URL: pattern(['http://127.0.0.1:3000', 'https://bsc.example/base'], ['ftp://bsc.example', 'localhost:3000']),
  BSC_API_KEY: text('bsc_0123456789abcdef'),
};

const APPS = [
  { app: 'ingestion', config: IngestionConfig },
  { app: 'api', config: ApiConfig },
  { app: 'cli', config: CliConfig },
] as const;

const emptyConfigDir = mkdtempSync(join(tmpdir(), 'bsc-config-'));

function load(config: new () => object, env: Record<string, string>): Record<string, unknown> {
  // The test profile has no file here, so the class default < environment layering is all that applies.
  return loadConfig(config, { configDir: emptyConfigDir, env: { BSC_PROFILE: 'test', ...env } }) as Record<
    string,
    unknown
  >;
}

const cases = APPS.flatMap(({ app, config }) =>
  declaredConfigKeys(config).map((variable) => ({ app, config, variable })),
);

describe('configuration variables', () => {
  it.each(APPS)('every variable of $app has a row in this table', ({ config }) => {
    expect(declaredConfigKeys(config).filter((key) => !(key in ROWS))).toEqual([]);
  });

  describe("the README's Configuration section", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
    );
    const documented = [...section.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((m) => m[1]);
    const declared = new Set(APPS.flatMap(({ config }) => declaredConfigKeys(config)));

    it('documents only variables an app declares', () => {
      expect(documented.length).toBeGreaterThan(20);
      expect(documented.filter((name) => !declared.has(name) && name !== 'NODE_ENV')).toEqual([]);
    });

    it('documents every variable an app declares', () => {
      expect([...declared].filter((name) => !documented.includes(name))).toEqual([]);
    });
  });

  // the CLI reads SAMPLE_LOG too: `bsc import samples` appends to the platform's sample log
  it.each([
    ['ingestion', IngestionConfig, 'SAMPLE_LOG', 'jetstream'],
    ['ingestion', IngestionConfig, 'INGEST_ROLE', 'worker'],
    ['cli', CliConfig, 'SAMPLE_LOG', 'jetstream'],
  ] as const)('%s: %s=%s needs EVENT_BUS_URL, the one NATS setting', (_app, config, variable, value) => {
    expect(() => load(config, { [variable]: value })).toThrow(`${variable}=${value} needs EVENT_BUS_URL`);
    const loaded = load(config, { [variable]: value, EVENT_BUS_URL: 'nats://n1:4222, nats://n2:4222' });
    expect(loaded[variable]).toBe(value);
    expect((loaded as unknown as IngestionConfig).natsServers).toEqual(['nats://n1:4222', 'nats://n2:4222']);
  });

  describe.each(cases)('$app $variable', ({ config, variable }) => {
    const row = ROWS[variable] ?? { accepted: [], refused: [] };

    it.each(row.accepted)('%j reads as %j', (spelling, expected) => {
      expect(load(config, { [variable]: spelling })[variable]).toEqual(expected);
    });

    // Free text (paths, names, secrets) has nothing to refuse.
    if (row.refused.length === 0) return;
    it.each(row.refused.map((spelling) => [spelling]))('%j is refused naming the variable', (spelling) => {
      let problems: string[] = [];
      try {
        load(config, { [variable]: spelling });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems = error.problems;
      }
      expect(problems.some((line) => line.startsWith(`${variable}:`))).toBe(true);
    });
  });
});
