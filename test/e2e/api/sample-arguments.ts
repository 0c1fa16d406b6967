import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  isObjectType,
} from 'graphql';

/** A syntactically valid literal for an input type: required fields only, scalars get harmless values. */
export function sampleLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return sampleLiteral(type.ofType);
  if (isListType(type)) return `[${sampleLiteral(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${sampleLiteral(f.type)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
      case 'Float':
        return '1';
      case 'Boolean':
        return 'true';
      case 'DateTime':
        return '"2026-01-01T00:00:00.000Z"';
      default:
        return '"does-not-exist"';
    }
  }
  throw new Error(`no sample for ${String(type)}`);
}

function sampleArgs(args: readonly GraphQLArgument[]): string {
  const required = args.filter((a) => isNonNullType(a.type));
  return required.length === 0 ? '' : `(${required.map((a) => `${a.name}: ${sampleLiteral(a.type)}`).join(', ')})`;
}

/** Smallest selection of a field's result: __typename on objects. */
function sampleSelection(type: GraphQLOutputType): string {
  return isObjectType(getNamedType(type)) ? ' { __typename }' : '';
}

export function sampleOperation(
  kind: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
): string {
  return `${kind} { ${field.name}${sampleArgs(field.args)}${sampleSelection(field.type)} }`;
}
