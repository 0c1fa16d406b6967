import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printApiSchema, SCHEMA_FILE } from '../../../apps/api/src/graphql/schema/api-schema.printer';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// The committed schema.gql is the API contract; it must be what the resolvers generate.
describe('schema.gql drift', () => {
  let sut: ApiTestApp;
  beforeAll(async () => {
    sut = await startApiTestApp();
  });
  afterAll(() => sut?.close());

  it('matches the schema generated from the resolvers', () => {
    const generated = printApiSchema(sut.app.get(GraphQLSchemaHost).schema);
    if (process.env.BSC_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== generated) {
      throw new Error(
        `${SCHEMA_FILE} is out of date: run \`npm run schema:generate\` (or BSC_WRITE_SCHEMA=1 npx jest test/e2e/api/schema-drift) and commit it`,
      );
    }
    expect(committed).toBe(generated);
  });
});
