import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { declaredConfigKeys } from '@bsc/app-kit';
import { ApiConfig } from '../apps/api/src/config/api.config';
import { IngestionConfig } from '../apps/ingestion/src/config/ingestion.config';

// There is no Docker engine in CI, so the compose file is checked against the code it deploys instead.
const root = join(__dirname, '..');
const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), {
  schema: CORE_SCHEMA.withTags(mergeTag),
}) as {
  services: Record<
    string,
    {
      command?: string[];
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition?: string }>;
      restart?: string;
      healthcheck?: { test?: string[] };
    }
  >;
};

const apps = [
  { service: 'ingestion', config: IngestionConfig, entry: 'apps/ingestion/src/main.ts' },
  { service: 'api', config: ApiConfig, entry: 'apps/api/src/main.ts' },
];

describe('docker-compose.yml', () => {
  it('declares the platform services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'ingestion', 'mosquitto', 'nats', 'postgres']);
  });

  it.each(apps)('$service only sets variables its config class declares', ({ service, config }) => {
    const declared = new Set(declaredConfigKeys(config));
    const unknown = Object.keys(compose.services[service].environment ?? {}).filter(
      (k) => !declared.has(k) && k !== 'NODE_ENV',
    );
    expect(unknown).toEqual([]);
  });

  it.each(apps)('$service starts the compiled entry point of $entry', ({ service, entry }) => {
    expect(existsSync(join(root, entry))).toBe(true);
    expect(compose.services[service].command).toEqual(['node', `dist/${entry.replace(/\.ts$/, '.js')}`]);
  });

  it.each(apps)('$service runs the production profile on PostgreSQL', ({ service, config }) => {
    const env = compose.services[service].environment ?? {};
    expect(env.BSC_PROFILE).toBe('production');
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(declaredConfigKeys(config)).toContain('DATABASE_URL');
    expect(compose.services[service].depends_on).toHaveProperty('postgres');
  });

  it.each(['api', 'ingestion', 'mosquitto', 'nats', 'postgres'])(
    '%s restarts when it dies and has a health check',
    (service) => {
      expect(compose.services[service].restart).toBe('unless-stopped');
      expect(compose.services[service].healthcheck?.test?.length).toBeGreaterThan(1);
    },
  );

  it.each(apps)('$service starts only after every service it needs is healthy', ({ service }) => {
    const conditions = Object.values(compose.services[service].depends_on ?? {}).map((d) => d.condition);
    expect(conditions.length).toBeGreaterThan(0);
    expect(conditions.every((c) => c === 'service_healthy')).toBe(true);
  });

  it.each(apps)('$service is checked on a path its app serves', ({ service, config }) => {
    const port = compose.services[service].environment?.PORT;
    expect(declaredConfigKeys(config)).toContain('PORT');
    expect(compose.services[service].healthcheck?.test?.join(' ')).toContain(`http://127.0.0.1:${port}/health/live`);
  });
});
