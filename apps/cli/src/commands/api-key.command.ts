import { Command, InvalidArgumentError } from 'commander';
import {
  ApiKeyRepository,
  ModelVersionRepository,
  openDataSource,
  type ApiKeyRecord,
  type PersistenceConfig,
} from '@bsc/persistence';

/** The API's roles (apps/api/src/auth/principal.ts); apps do not import each other, the list is short and stable. */
export const API_KEY_ROLES = ['admin', 'engineer', 'strategist', 'viewer'] as const;

export interface ApiKeyCommandDeps {
  database: () => PersistenceConfig;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

interface CreateOptions {
  role: string;
  units?: string[];
  name: string;
  json?: boolean;
}

function parseRole(value: string): string {
  if (!(API_KEY_ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`must be one of ${API_KEY_ROLES.join(', ')}`);
  return value;
}

function parseUnits(value: string, previous: string[] = []): string[] {
  const units = value
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  if (units.length === 0) throw new InvalidArgumentError('give at least one org unit id');
  return [...previous, ...units];
}

async function withDatabase<T>(
  deps: ApiKeyCommandDeps,
  work: (keys: ApiKeyRepository, versions: ModelVersionRepository) => Promise<T>,
): Promise<T> {
  const dataSource = await openDataSource(deps.database(), { migrate: false });
  try {
    return await work(new ApiKeyRepository(dataSource), new ModelVersionRepository(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

function formatKey(k: ApiKeyRecord): string {
  const state = k.revokedAt === null ? 'active' : `revoked ${new Date(k.revokedAt).toISOString()}`;
  return `${k.id}  ${k.role.padEnd(10)}  ${(k.unitScope ?? '*').padEnd(24)}  ${k.name}  (${state})`;
}

/**
 * `bsc api-key create --role R [--units U,V] [--name N]`, `bsc api-key list`, `bsc api-key revoke <id>`.
 * The key is printed once; only its hash is stored.
 */
export function registerApiKeyCommand(program: Command, deps: ApiKeyCommandDeps): void {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const cmd = program
    .command('api-key')
    .description('API keys for the GraphQL API (header x-api-key or "Authorization: ApiKey <key>")');

  cmd
    .command('create')
    .description('create a key; it is printed once, store it now')
    .requiredOption('--role <role>', `one of ${API_KEY_ROLES.join(', ')}`, parseRole)
    .option(
      '--units <ids>',
      'org units the key is limited to, with their subtrees (comma-separated; default: all)',
      parseUnits,
    )
    .option('--name <name>', 'what the key is for', 'cli')
    .option('--json', 'print { id, key, role, units } as JSON')
    .action(async (options: CreateOptions) => {
      const created = await withDatabase(deps, async (keys, versions) => {
        const unknown = await unknownUnits(versions, options.units ?? []);
        if (unknown.length > 0) return { unknown };
        return {
          created: await keys.create({
            name: options.name,
            role: options.role,
            unitScope: options.units?.join(',') ?? null,
          }),
        };
      });
      if ('unknown' in created) {
        err.write(`bsc api-key: unknown org unit(s) in the active model: ${created.unknown?.join(', ')}\n`);
        process.exitCode = 1;
        return;
      }
      const { record, key } = created.created;
      if (options.json) {
        out.write(`${JSON.stringify({ id: record.id, key, role: record.role, units: options.units ?? null })}\n`);
        return;
      }
      out.write(`${key}\n`);
      err.write(
        `created API key ${record.id} (${record.role}${options.units ? ` on ${options.units.join(', ')}` : ''}); the key above is shown only once\n`,
      );
    });

  cmd
    .command('list')
    .description('issued keys (never the keys themselves)')
    .action(async () => {
      const keys = await withDatabase(deps, (repo) => repo.list());
      if (keys.length === 0) out.write('no API keys\n');
      for (const k of keys) out.write(`${formatKey(k)}\n`);
    });

  cmd
    .command('revoke <id>')
    .description('revoke a key by id (idempotent)')
    .action(async (id: string) => {
      const record = await withDatabase(deps, (repo) => repo.revoke(id));
      out.write(`${formatKey(record)}\n`);
    });
}

/** Units not in the active model; with no model imported yet nothing can be checked. */
async function unknownUnits(versions: ModelVersionRepository, units: readonly string[]): Promise<string[]> {
  if (units.length === 0) return [];
  const active = await versions.active();
  if (!active) return [];
  const known = new Set(active.model.units.map((u) => u.id));
  return units.filter((u) => !known.has(u));
}
