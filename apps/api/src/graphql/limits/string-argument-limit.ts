import {
  GraphQLError,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Arguments that carry a whole model document: bounded by the request body cap and parsed by the model schema, so
 * the per-string bound does not apply to them (schema coordinates).
 */
export const DOCUMENT_ARGUMENTS: ReadonlySet<string> = new Set([
  'Mutation.importModel(document:)',
  'Mutation.upsertModelNode(input:)',
]);

export interface OversizedString {
  /** The field and where in its argument the string sits, e.g. `issueApiKey(input.units[1])`. */
  argument: string;
  length: number;
}

/** The first string longer than `maxChars` anywhere in a (coerced or raw) argument value. */
function findOversized(value: unknown, path: string, maxChars: number): { path: string; length: number } | undefined {
  if (typeof value === 'string') return value.length > maxChars ? { path, length: value.length } : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findOversized(value[i], `${path}[${i}]`, maxChars);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findOversized(item, `${path}.${key}`, maxChars);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Walks every argument of every field and directive of the document, literals and variable values alike (a
 * variable's value is looked up where it is used), and returns the first string over `maxChars`.
 */
export function findOversizedStringArgument(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  maxChars: number,
): OversizedString | undefined {
  const typeInfo = new TypeInfo(schema);
  let found: OversizedString | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT](node) {
        const definition = typeInfo.getArgument();
        if (found || !definition) return false;
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        const directive = typeInfo.getDirective();
        const owner = directive ? `@${directive.name}` : (field?.name ?? '?');
        if (!directive && parent && DOCUMENT_ARGUMENTS.has(`${parent.name}.${owner}(${definition.name}:)`))
          return false;
        const value =
          node.value.kind === Kind.VARIABLE
            ? variables?.[node.value.name.value]
            : valueFromAST(node.value, definition.type, variables ?? undefined);
        const oversized = findOversized(value, definition.name, maxChars);
        if (oversized) found = { argument: `${owner}(${oversized.path})`, length: oversized.length };
        return false;
      },
    }),
  );
  return found;
}

/** BAD_USER_INPUT naming the argument, before anything runs. */
export function oversizedStringError(oversized: OversizedString, maxChars: number): GraphQLError {
  return new GraphQLError(
    `${oversized.argument}: a string of ${oversized.length} characters exceeds the limit of ${maxChars} (GRAPHQL_MAX_STRING_CHARS)`,
    { extensions: { code: 'BAD_USER_INPUT', field: oversized.argument, http: { status: 400 } } },
  );
}
