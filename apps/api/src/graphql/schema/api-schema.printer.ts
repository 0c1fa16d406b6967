import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

export const SCHEMA_FILE = 'apps/api/schema.gql';
export const SCHEMA_HEADER =
  '# Generated from the resolvers (code-first). Do not edit: run `npm run schema:generate`.\n\n';

/** The committed form of the schema: sorted, so that resolver order never shows up as a diff. */
export function printApiSchema(schema: GraphQLSchema): string {
  return `${SCHEMA_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}
