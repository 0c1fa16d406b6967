import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';
import { ROLES, type Role } from '../../../apps/api/src/auth/principal';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { sampleOperation } from './sample-arguments';

/**
 * The access matrix, written independently of the resolvers: who may call each mutation (admin always may).
 * A mutation missing here fails the test, so a new mutation cannot ship without an explicit decision.
 */
const MUTATION_ACCESS: Record<string, readonly Role[]> = {
  acknowledgeAlert: ['engineer', 'strategist'],
  resolveAlert: ['engineer', 'strategist'],
  createInitiative: ['strategist'],
  updateInitiative: ['strategist'],
  recordKpiValue: ['strategist'],
  setTarget: ['strategist'],
  clearTarget: ['strategist'],
  writeCommentary: ['strategist'],
  saveScenario: ['strategist'],
  refreshForecasts: ['engineer', 'strategist'],
  importModel: ['engineer'],
  upsertModelNode: ['engineer'],
  deleteModelNode: ['engineer'],
  setLink: ['engineer'],
  deleteLink: ['engineer'],
  issueApiKey: [],
  revokeApiKey: [],
};

/** Queries any authenticated role may read; the rest are listed with their roles. */
const QUERY_ACCESS: Record<string, readonly Role[]> = {
  apiKeys: [],
  modelDocument: ['engineer'],
  deadLetters: ['engineer'],
};
const PUBLIC_QUERIES = new Set(['apiInfo']);

const allowed = (matrix: Record<string, readonly Role[]>, field: string, role: Role): boolean =>
  role === 'admin' || (matrix[field] ?? ['engineer', 'strategist', 'viewer']).includes(role);

describe('access control (every resolver × every role)', () => {
  let sut: ApiTestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    sut = await startApiTestApp();
    schema = sut.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => sut?.close());

  it('has an access decision for every mutation in the schema', () => {
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
    expect(mutations).toEqual(Object.keys(MUTATION_ACCESS).sort());
  });

  it('allows and denies every mutation exactly as the matrix says', async () => {
    const outcomes: string[] = [];
    for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
      for (const role of ROLES) {
        const res = await gql(sut.url, sampleOperation('mutation', field), {}, bearer(sut.token(role)));
        const code = res.errors?.[0]?.extensions?.code ?? 'OK';
        const denied = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED';
        // allowed calls may still fail on the sample arguments (NOT_FOUND, BAD_USER_INPUT), never on access
        if (denied === allowed(MUTATION_ACCESS, field.name, role))
          outcomes.push(`${field.name} as ${role}: ${code} ${res.errors?.[0]?.message ?? ''}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('refuses every non-public query, mutation and subscription to anonymous callers', async () => {
    const wrong: string[] = [];
    const kinds = [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const;
    for (const [kind, type] of kinds) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        const res = await gql(sut.url, sampleOperation(kind, field));
        const code = res.errors?.[0]?.extensions?.code ?? 'OK';
        const expected = PUBLIC_QUERIES.has(field.name) ? 'OK' : 'UNAUTHENTICATED';
        if (code !== expected) wrong.push(`${kind} ${field.name}: ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('applies role limits on queries', async () => {
    const wrong: string[] = [];
    for (const name of Object.keys(QUERY_ACCESS)) {
      const field = schema.getQueryType()?.getFields()[name];
      if (!field) throw new Error(`query ${name} is not in the schema`);
      for (const role of ROLES) {
        const res = await gql(sut.url, sampleOperation('query', field), {}, bearer(sut.token(role)));
        const denied = res.errors?.[0]?.extensions?.code === 'FORBIDDEN';
        if (denied === allowed(QUERY_ACCESS, name, role)) wrong.push(`${name} as ${role}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('rejects forged, expired and malformed credentials as UNAUTHENTICATED', async () => {
    const cases: Record<string, string>[] = [
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${sut.token('admin').slice(0, -2)}xx` },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { 'x-api-key': 'bsc_unknown' },
      { authorization: 'ApiKey bsc_unknown' },
    ];
    for (const headers of cases) {
      const res = await gql(sut.url, '{ viewer { role } }', {}, headers);
      expect({ headers, code: res.errors?.[0]?.extensions?.code }).toEqual({ headers, code: 'UNAUTHENTICATED' });
    }
  });

  it('authenticates with an issued API key until it is revoked', async () => {
    const admin = bearer(sut.token('admin'));
    const issued = await gql<{ issueApiKey: { key: string; apiKey: { id: string } } }>(
      sut.url,
      'mutation { issueApiKey(input: { name: "grafana", role: viewer, units: ["plant-north"] }) { key apiKey { id } } }',
      {},
      admin,
    );
    const { key, apiKey } = issued.data!.issueApiKey;

    const viaHeader = await gql(sut.url, '{ viewer { role units via } }', {}, { 'x-api-key': key });
    const viaScheme = await gql(sut.url, '{ viewer { role units via } }', {}, { authorization: `ApiKey ${key}` });
    expect(viaHeader.data).toEqual({ viewer: { role: 'viewer', units: ['plant-north'], via: 'api_key' } });
    expect(viaScheme.data).toEqual(viaHeader.data);

    await gql(sut.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, admin);
    const after = await gql(sut.url, '{ viewer { role } }', {}, { 'x-api-key': key });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
