import {
  FieldNode,
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
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { describeError, ErrorDescription } from '../errors/error-codes';
import { MAX_PAGE_SIZE_EXTENSION, PAGE_SIZE_ARGUMENT, pageSizeError, pageSizeProblem } from './page-size';

/** How many items a list is assumed to hold when nothing says how many it holds. */
export const ASSUMED_LIST_SIZE = 100;

/**
 * The GraphQL field extension holding the most items a list field without a
 * size argument holds, where the domain bounds it (an incident's warnings):
 * such a list counts as that many, not as ASSUMED_LIST_SIZE.
 */
export const MAX_LIST_SIZE_EXTENSION = 'maxListSize';

type AnyField = GraphQLField<unknown, unknown>;

/** The bound a list field declares on its items, if any. */
function maxListSizeOf(field: AnyField): number | undefined {
  const max = field.extensions?.[MAX_LIST_SIZE_EXTENSION];
  return typeof max === 'number' ? max : undefined;
}

/** The largest page a field answers, where its resolver declares one (see page-size.ts). */
function maxPageSizeOf(field: AnyField): number | undefined {
  const max = field.extensions?.[MAX_PAGE_SIZE_EXTENSION];
  return typeof max === 'number' ? max : undefined;
}

function sizeArgumentOf(selection: FieldNode) {
  return selection.arguments?.find((argument) => argument.name.value === PAGE_SIZE_ARGUMENT);
}

/**
 * How many items a field with a `first` argument answers at most: a literal
 * `first` (never counted below 1, so that no field lowers the cost), the
 * argument's default when it is absent, and the largest page the field
 * answers when it is a variable (or null, read as the default).
 */
function pageSizeOf(field: AnyField, selection: FieldNode): number {
  const argument = sizeArgumentOf(selection);
  if (argument?.value.kind === Kind.INT) return Math.max(1, Number(argument.value.value));
  const declared = field.args.find((candidate) => candidate.name === PAGE_SIZE_ARGUMENT);
  if (!argument && typeof declared?.defaultValue === 'number') return Math.max(1, declared.defaultValue);
  return maxPageSizeOf(field) ?? ASSUMED_LIST_SIZE;
}

/**
 * The cost of an operation: every field costs 1, times the number of items
 * of the lists of objects around it (a list of scalars counts as one value).
 * A list's size is given by its `first` argument (see pageSizeOf; a
 * connection's `first` sizes the lists inside it), or the bound its field
 * declares (MAX_LIST_SIZE_EXTENSION), else ASSUMED_LIST_SIZE.
 * Every field adds at least 1, so that no field, alias or fragment can lower
 * the total; fields under `@skip`/`@include` count like the others (the cost
 * is the document's, whatever its variables). Introspection costs 1 per
 * field: GraphiQL needs it.
 */
export function operationCost(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  rootType: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
): number {
  // A fragment's cost for a given page size, computed once: a document whose fragments each spread the next
  // twice would otherwise be walked 2^n times (30 such fragments fit in a few hundred tokens).
  const fragmentCosts = new Map<string, number>();
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
        const key = `${name}/${pageSize ?? ''}`;
        let fragmentCost = fragmentCosts.get(key);
        if (fragmentCost === undefined) {
          const type = schema.getType(fragment.typeCondition.name.value);
          fragmentCost = type && isCompositeType(type) ? cost(fragment.selectionSet, type, pageSize, new Set([...seen, name])) : 0;
          fragmentCosts.set(key, fragmentCost);
        }
        total += fragmentCost;
        continue;
      }
      const name = selection.name.value;
      const field: AnyField | undefined = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (name.startsWith('__') || !field) {
        total += 1;
        continue;
      }
      const size = field.args.some((argument) => argument.name === PAGE_SIZE_ARGUMENT) ? pageSizeOf(field, selection) : undefined;
      const childType = getNamedType(field.type);
      const isList = isListType(getNullableType(field.type));
      // A list of scalars is one value (its size bounded by the domain's limits): nothing to resolve per item.
      const multiplier = isList && isCompositeType(childType) ? (size ?? maxListSizeOf(field) ?? pageSize ?? ASSUMED_LIST_SIZE) : 1;
      const childPageSize = isList ? undefined : size;
      const children =
        selection.selectionSet && isCompositeType(childType) ? cost(selection.selectionSet, childType, childPageSize, seen) : 0;
      total += multiplier * (1 + children);
    }
    return total;
  };
  return cost(selectionSet, rootType, undefined, new Set());
}

/**
 * A validation rule refusing, as bad input, a literal size (`first`) outside
 * 1..the field's largest page wherever it is written (a skipped field, an
 * alias, a fragment), and then operations that cost more than `maxCost`.
 * Sizes given by variables are checked where the argument is read
 * (PageSizePipe), before the resolver runs.
 */
export function maxCostRule(maxCost: number): ValidationRule {
  return (context: ValidationContext) => {
    let sizeRefused = false;
    return {
      Field(node) {
        const field = context.getFieldDef();
        const argument = sizeArgumentOf(node);
        if (!field || argument?.value.kind !== Kind.INT) return;
        const problem = pageSizeProblem(Number(argument.value.value), maxPageSizeOf(field));
        if (!problem) return;
        sizeRefused = true;
        // The same answer as a size refused where a variable's value is read (BAD_USER_INPUT).
        const { code, message, extensions } = describeError(pageSizeError(problem)) as ErrorDescription;
        context.reportError(new GraphQLError(message, { nodes: [argument], extensions: { ...extensions, code } }));
      },
      Document: {
        leave(document) {
          // A refused size is not costed: the answer is the refusal.
          if (sizeRefused) return;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
              .map((fragment) => [fragment.name.value, fragment]),
          );
          for (const operation of document.definitions) {
            if (operation.kind === Kind.OPERATION_DEFINITION) checkCost(context, operation, fragments, maxCost);
          }
        },
      },
    };
  };
}

function checkCost(context: ValidationContext, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, maxCost: number): void {
  const schema = context.getSchema();
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
}
