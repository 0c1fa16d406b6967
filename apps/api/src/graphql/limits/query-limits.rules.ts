import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Page size assumed for connections when `first` is absent or a variable. */
  maxPageSize: number;
  /** Size assumed for plain list fields. */
  listFactor: number;
}

const limitError = (message: string, limit: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit } });

/** Introspection is bounded by its own schema and switched off in production; limits look at data fields. */
const isIntrospection = (field: FieldNode): boolean => field.name.value.startsWith('__');

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  return map;
}

/** Each operation's deepest field nesting must stay within maxDepth (fragments followed, cycles are graphql-js's job). */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const depthOf = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (isIntrospection(sel)) continue;
          deepest = Math.max(deepest, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, seen) : 0));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(sel.selectionSet, seen));
        } else {
          const fragment = fragments.get(sel.name.value);
          if (fragment && !seen.has(sel.name.value))
            deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, sel.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth)
          context.reportError(limitError(`query depth ${depth} exceeds the limit of ${maxDepth}`, 'depth'));
      },
    };
  };
}

/**
 * Estimated cost: 1 per field; a list multiplies its selection by its size — `first` (a literal) or the maximum
 * page size for connections, `listFactor` for plain lists. Variables count at the maximum (validation runs once
 * per document, before variables are known).
 */
export function costLimitRule(limits: Pick<QueryLimits, 'maxCost' | 'maxPageSize' | 'listFactor'>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const schema = context.getSchema();
    const multiplier = (field: FieldNode, type: GraphQLOutputType): number => {
      const first = field.arguments?.find((a) => a.name.value === 'first');
      const named = getNamedType(type);
      const isConnection = named.name.endsWith('Connection');
      if (first?.value.kind === Kind.INT) return Math.max(1, Number(first.value.value));
      if (isConnection || first) return limits.maxPageSize;
      return isListType(getNullableType(type)) ? limits.listFactor : 1;
    };
    const costOf = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, seen: ReadonlySet<string>): number => {
      let total = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (isIntrospection(sel)) continue;
          const def =
            parent && (isObjectType(parent) || isInterfaceType(parent))
              ? parent.getFields()[sel.name.value]
              : undefined;
          const child = sel.selectionSet ? costOf(sel.selectionSet, def ? getNamedType(def.type) : undefined, seen) : 0;
          total += 1 + (def ? multiplier(sel, def.type) : 1) * child;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const cond = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? parent) : parent;
          total += costOf(sel.selectionSet, cond, seen);
        } else {
          const fragment = fragments.get(sel.name.value);
          if (fragment && !seen.has(sel.name.value)) {
            total += costOf(
              fragment.selectionSet,
              schema.getType(fragment.typeCondition.name.value) ?? parent,
              new Set([...seen, sel.name.value]),
            );
          }
        }
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        const root =
          node.operation === OperationTypeNode.QUERY
            ? schema.getQueryType()
            : node.operation === OperationTypeNode.MUTATION
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const cost = costOf(node.selectionSet, root ?? undefined, new Set());
        if (cost > limits.maxCost)
          context.reportError(
            limitError(
              `query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items (first) or fewer fields`,
              'cost',
            ),
          );
      },
    };
  };
}

/** Aliases let one document run a field many times; cap them per document. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias) count += 1;
      },
      Document: {
        leave() {
          if (count > maxAliases)
            context.reportError(limitError(`${count} aliases exceed the limit of ${maxAliases}`, 'aliases'));
        },
      },
    };
  };
}

export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), costLimitRule(limits), aliasLimitRule(limits.maxAliases)];
}
