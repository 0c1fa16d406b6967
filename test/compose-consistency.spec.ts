import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load as loadYaml, mergeTag } from 'js-yaml';
import { declaredConfigKeys } from '@bsc/app-kit';
import { ApiConfig } from '../apps/api/src/config/api.config';
import { IngestionConfig } from '../apps/ingestion/src/config/ingestion.config';

// There is no Docker engine in CI, so the compose files are checked against the code they deploy instead.
const root = join(__dirname, '..');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  restart?: string;
  healthcheck?: { test?: string[] };
  volumes?: string[];
}

const load = (file: string): Record<string, ComposeService> =>
  (
    loadYaml(readFileSync(join(root, file), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
      services: Record<string, ComposeService>;
    }
  ).services;

const APPS = {
  ingestion: { config: IngestionConfig, entry: 'apps/ingestion/src/main.ts' },
  api: { config: ApiConfig, entry: 'apps/api/src/main.ts' },
};

/** The app a service runs, told by its command's entry point. */
const appOf = (service: ComposeService): keyof typeof APPS | null =>
  (Object.keys(APPS) as Array<keyof typeof APPS>).find(
    (app) => service.command?.join(' ') === `node dist/${APPS[app].entry.replace(/\.ts$/, '.js')}`,
  ) ?? null;

const FILES = [
  {
    file: 'docker-compose.yml',
    services: ['api', 'ingestion', 'mosquitto', 'nats', 'postgres'],
    apps: { ingestion: 'ingestion', api: 'api' } as Record<string, keyof typeof APPS>,
  },
  {
    file: 'docker-compose.scale.yml',
    services: [
      'api-1',
      'api-2',
      'ingestion-1',
      'ingestion-2',
      'kpi-worker-1',
      'kpi-worker-2',
      'kpi-worker-3',
      'load-balancer',
      'mosquitto',
      'nats-1',
      'nats-2',
      'nats-3',
      'postgres',
    ],
    apps: {
      'ingestion-1': 'ingestion',
      'ingestion-2': 'ingestion',
      'kpi-worker-1': 'ingestion',
      'kpi-worker-2': 'ingestion',
      'kpi-worker-3': 'ingestion',
      'api-1': 'api',
      'api-2': 'api',
    } as Record<string, keyof typeof APPS>,
  },
];

describe.each(FILES)('$file', ({ file, services, apps }) => {
  const compose = load(file);
  const appServices = Object.entries(apps).map(([service, app]) => ({ service, app, ...APPS[app] }));

  it('declares the platform services', () => {
    expect(Object.keys(compose).sort()).toEqual(services);
  });

  it.each(appServices)('$service only sets variables its config class declares', ({ service, config }) => {
    const declared = new Set(declaredConfigKeys(config));
    const unknown = Object.keys(compose[service].environment ?? {}).filter((k) => !declared.has(k) && k !== 'NODE_ENV');
    expect(unknown).toEqual([]);
  });

  it.each(appServices)('$service starts the compiled entry point of $entry', ({ service, app, entry }) => {
    expect(existsSync(join(root, entry))).toBe(true);
    expect(appOf(compose[service])).toBe(app);
  });

  it.each(appServices)('$service runs the production profile on PostgreSQL', ({ service, config }) => {
    const env = compose[service].environment ?? {};
    expect(env.BSC_PROFILE).toBe('production');
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(declaredConfigKeys(config)).toContain('DATABASE_URL');
    expect(compose[service].depends_on).toHaveProperty('postgres');
  });

  it.each(services)('%s restarts when it dies and has a health check', (service) => {
    expect(compose[service].restart).toBe('unless-stopped');
    expect(compose[service].healthcheck?.test?.length).toBeGreaterThan(1);
  });

  it.each(appServices)('$service starts only after every service it needs is healthy', ({ service }) => {
    const conditions = Object.values(compose[service].depends_on ?? {}).map((d) => d.condition);
    expect(conditions.length).toBeGreaterThan(0);
    expect(conditions.every((c) => c === 'service_healthy')).toBe(true);
  });

  it.each(appServices)('$service is checked on a path its app serves', ({ service, config }) => {
    const port = compose[service].environment?.PORT;
    expect(declaredConfigKeys(config)).toContain('PORT');
    expect(compose[service].healthcheck?.test?.join(' ')).toContain(`http://127.0.0.1:${port}/health/live`);
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = Object.values(compose)
      .flatMap((s) => s.volumes ?? [])
      .filter((v) => v.startsWith('./'))
      .map((v) => v.split(':')[0]);
    for (const mount of mounts) expect([mount, existsSync(join(root, mount))]).toEqual([mount, true]);
  });
});

describe('docker-compose.scale.yml scaled topology', () => {
  const compose = load('docker-compose.scale.yml');
  const nodes = ['nats-1', 'nats-2', 'nats-3'];

  it('runs a 3-node NATS cluster, each node routed to the others with JetStream on', () => {
    const conf = readFileSync(join(root, 'deploy/nats/cluster.conf'), 'utf8');
    expect(conf).toMatch(/jetstream\s*\{/);
    for (const node of nodes) {
      expect(conf).toContain(`nats://${node}:6222`);
      expect(compose[node].command).toEqual(['-c', '/etc/nats/cluster.conf', '--name', node]);
    }
  });

  it('points every app at every NATS node and keeps the streams on all three', () => {
    for (const [name, service] of Object.entries(compose).filter(([, s]) => appOf(s) !== null)) {
      expect([name, service.environment?.EVENT_BUS_URL?.split(',').sort()]).toEqual([
        name,
        nodes.map((n) => `nats://${n}:4222`),
      ]);
      expect(service.environment?.EVENT_BUS_REPLICAS).toBe('3');
    }
  });

  it('balances over both API replicas and shares the MQTT subscription between the ingestion replicas', () => {
    const nginx = readFileSync(join(root, 'deploy/nginx/api-replicas.conf'), 'utf8');
    for (const api of ['api-1', 'api-2']) {
      expect(nginx).toContain(`server ${api}:${compose[api].environment?.PORT}`);
      expect(compose['load-balancer'].depends_on?.[api]?.condition).toBe('service_healthy');
    }
    const ingestion = ['ingestion-1', 'ingestion-2'].map((s) => compose[s].environment ?? {});
    expect(new Set(ingestion.map((e) => e.MQTT_SHARE_GROUP)).size).toBe(1);
    expect(ingestion[0].MQTT_SHARE_GROUP).toBeTruthy();
    expect(new Set(ingestion.map((e) => e.MQTT_CLIENT_ID)).size).toBe(2);
    // intake replicas compute no KPIs of their own halves: their samples go to the partitioned log
    for (const env of ingestion) expect(env.SAMPLE_LOG).toBe('jetstream');
  });

  it('runs KPI workers on the same sample log and partitions as the intakes', () => {
    const intake = compose['ingestion-1'].environment ?? {};
    for (const worker of ['kpi-worker-1', 'kpi-worker-2', 'kpi-worker-3']) {
      const env = compose[worker].environment ?? {};
      expect(env.INGEST_ROLE).toBe('worker');
      expect([env.SAMPLE_LOG, env.EVENT_BUS_URL, env.KPI_PARTITIONS, env.LEASE_TTL_S]).toEqual([
        intake.SAMPLE_LOG,
        intake.EVENT_BUS_URL,
        intake.KPI_PARTITIONS,
        intake.LEASE_TTL_S,
      ]);
    }
  });
});

describe('Dockerfile production image', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  // the image's last stage is what runs; the build stage is pruned to production dependencies before it is copied
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it('can print briefing-book PDFs: Chromium installed where CHROMIUM_PATH points, playwright-core kept', () => {
    expect(runtime).toMatch(/apt-get install [^\n]*\bchromium\b/);
    expect(/\bCHROMIUM_PATH=(\S+)/.exec(runtime)?.[1]).toBe('/usr/bin/chromium');
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(pkg.dependencies['playwright-core']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['playwright-core']).toBeUndefined();
  });
});
