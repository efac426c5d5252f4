import {
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** How many items a list is assumed to hold when its size is not given by a literal `first`. */
export const ASSUMED_LIST_SIZE = 100;

/**
 * The cost of an operation: every field costs 1, times the number of items
 * of the lists of objects around it (a list of scalars counts as one value). A list's size is its `first` argument when written
 * as a literal (a connection's `first` sizes the lists inside it), else
 * ASSUMED_LIST_SIZE. Introspection costs 1 per field: GraphiQL needs it.
 */
export function operationCost(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  rootType: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
): number {
  const cost = (set: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | undefined, seen: Set<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += cost(selection.selectionSet, type, pageSize, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) total += cost(fragment.selectionSet, type, pageSize, new Set([...seen, name]));
        continue;
      }
      const name = selection.name.value;
      const field: GraphQLField<unknown, unknown> | undefined =
        isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (name.startsWith('__') || !field) {
        total += 1;
        continue;
      }
      const firstArgument = selection.arguments?.find((argument) => argument.name.value === 'first');
      const literalFirst = firstArgument?.value.kind === Kind.INT ? Number(firstArgument.value.value) : undefined;
      const declaredFirst = field.args.some((argument) => argument.name === 'first');
      const childType = getNamedType(field.type);
      const isList = isListType(getNullableType(field.type));
      // A list of scalars is one value (its size bounded by the domain's limits): nothing to resolve per item.
      const multiplier = isList && isCompositeType(childType) ? (literalFirst ?? pageSize ?? ASSUMED_LIST_SIZE) : 1;
      const childPageSize = declaredFirst && !isList ? (literalFirst ?? ASSUMED_LIST_SIZE) : undefined;
      const children =
        selection.selectionSet && isCompositeType(childType) ? cost(selection.selectionSet, childType, childPageSize, seen) : 0;
      total += multiplier * (1 + children);
    }
    return total;
  };
  return cost(selectionSet, rootType, undefined, new Set());
}

/** A validation rule refusing operations that cost more than `maxCost`. */
export function maxCostRule(maxCost: number): ValidationRule {
  return (context: ValidationContext) => {
    const schema = context.getSchema();
    const fragments = Object.fromEntries(
      context
        .getDocument()
        .definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
        .map((fragment) => [fragment.name.value, fragment]),
    );
    return {
      OperationDefinition(operation) {
        const root =
          operation.operation === 'query'
            ? schema.getQueryType()
            : operation.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        if (!root) return;
        const cost = operationCost(schema, operation.selectionSet, root, fragments);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `The operation costs ${cost}, more than the limit of ${maxCost}: ask for fewer items (first) or fewer nested lists`,
              { nodes: [operation], extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost } },
            ),
          );
        }
      },
    };
  };
}
