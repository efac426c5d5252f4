import { buildSchema, GraphQLObjectType, GraphQLSchema, OperationDefinitionNode, parse, validate } from 'graphql';
import { MAX_PAGE_SIZE_EXTENSION } from './page-size';
import { MAX_LIST_SIZE_EXTENSION, maxCostRule, operationCost } from './query-cost';

const schema = buildSchema(`
  type Query {
    incident(id: ID!): Incident, incidents(first: Int): Connection!, active: [Incident!]!
    items(first: Int = 10): [Entry!]!
  }
  type Connection { edges: [Edge!]!, totalCount: Int! }
  type Edge { node: Incident! }
  type Incident { id: ID!, title: String!, tags: [String!]!, timeline(afterVersion: Int): [Entry!]!, warnings: [Warning!]! }
  type Warning { code: String!, message: String! }
  type Entry { version: Int!, summary: String! }
`);

/** The largest page of a field, as the resolvers declare it (see page-size.ts); SDL cannot say it. */
function withMaxPageSize(target: GraphQLSchema, field: string, maxPageSize: number): GraphQLSchema {
  Object.assign(target.getQueryType()?.getFields()[field] ?? {}, { extensions: { [MAX_PAGE_SIZE_EXTENSION]: maxPageSize } });
  return target;
}
withMaxPageSize(schema, 'incidents', 100);
// An incident has at most one warning per moment, as its resolver declares.
Object.assign((schema.getType('Incident') as GraphQLObjectType).getFields().warnings, { extensions: { [MAX_LIST_SIZE_EXTENSION]: 5 } });
withMaxPageSize(schema, 'items', 500);

const costOf = (query: string, max = 1_000_000) => {
  const errors = validate(schema, parse(query), [maxCostRule(max)]);
  return errors.length ? (errors[0].extensions.cost as number) : 'ok';
};

const errorsOf = (query: string, max = 1_000_000) => validate(schema, parse(query), [maxCostRule(max)]);

describe('query cost', () => {
  it('counts fields, multiplied by the lists around them', () => {
    expect(costOf('{ incident(id: "1") { id title } }', 0)).toBe(3);
    expect(costOf('{ active { id title } }', 0)).toBe(300);
    expect(costOf('{ incident(id: "1") { timeline { version summary } } }', 0)).toBe(1 + 100 * (1 + 2));
  });

  it('counts a list of scalars as one value', () => {
    expect(costOf('{ incident(id: "1") { tags } }', 0)).toBe(2);
    expect(costOf('{ active { tags } }', 0)).toBe(200);
  });

  it('sizes a list by the bound its field declares, wherever it is', () => {
    expect(costOf('{ incident(id: "1") { warnings { code message } } }', 0)).toBe(1 + 5 * (1 + 2));
    expect(costOf('{ active { warnings { code message } } }', 0)).toBe(100 * (1 + 5 * 3));
    expect(costOf('{ incidents(first: 10) { edges { node { warnings { code } } } } }', 0)).toBe(1 + 10 * (1 + 1 + 5 * 2));
  });

  it('sizes a connection by its literal first, and assumes 100 otherwise', () => {
    expect(costOf('{ incidents(first: 10) { totalCount edges { node { id } } } }', 0)).toBe(1 + 1 + 10 * (1 + 2));
    expect(costOf('query($n: Int) { incidents(first: $n) { edges { node { id } } } }', 0)).toBe(1 + 100 * 3);
  });

  it('sizes a list whose first is a variable by the largest page the field answers, and an absent one by its default', () => {
    expect(costOf('query($n: Int) { items(first: $n) { version } }', 0)).toBe(500 * 2);
    expect(costOf('{ items { version } }', 0)).toBe(10 * 2);
    expect(costOf('{ items(first: 3) { version } }', 0)).toBe(3 * 2);
  });

  it('refuses a literal size below 1 or above the largest page with BAD_USER_INPUT, before costing', () => {
    for (const [query, message] of [
      ['{ items(first: 0) { version } }', 'first must be between 1 and 500'],
      ['{ incidents(first: -5) { totalCount } }', 'first must be between 1 and 100'],
      ['{ items(first: 501) { version } }', 'first must be between 1 and 500'],
    ]) {
      const errors = errorsOf(query, 0);
      expect(errors.map((error) => [error.message, error.extensions.code])).toEqual([[message, 'BAD_USER_INPUT']]);
      expect(errors[0].extensions).toMatchObject({ fields: [{ field: 'first', messages: [message] }] });
    }
  });

  it('refuses a negative size wherever it is: skipped, aliased or in a fragment', () => {
    const heavy = Array.from({ length: 150 }, (_, i) => `a${i}: incidents(first: 100) { edges { node { timeline { summary } } } }`).join(' ');
    const probes = [
      `{ ${heavy} neg: items(first: -2000000000) @skip(if: true) { version } }`,
      `{ ${heavy} neg: items(first: -2000000000) @include(if: false) { version } }`,
      `{ ${heavy} ...f } fragment f on Query { neg: items(first: -2000000000) { version } }`,
      `{ ${heavy} ... on Query { neg: incidents(first: -2000000000) { totalCount } } }`,
    ];
    for (const probe of probes) {
      expect(errorsOf(probe).map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('never lets a field lower the cost: skipped fields and aliases count like the others', () => {
    const base = '{ active { timeline { summary } } }';
    const withSkipped = '{ active { timeline { summary } } one: incident(id: "1") @skip(if: true) { id } }';
    expect(costOf(withSkipped, 0)).toBe((costOf(base, 0) as number) + 2);
    const aliased = '{ a: active { id } b: active { id } }';
    expect(costOf(aliased, 0)).toBe(2 * (costOf('{ active { id } }', 0) as number));
  });

  it('counts a size below 1 as 1 where the cost is asked without the validation that refuses it', () => {
    const cost = (query: string) => {
      const [operation] = parse(query).definitions;
      return operationCost(schema, (operation as OperationDefinitionNode).selectionSet, schema.getQueryType() as GraphQLObjectType, {});
    };
    expect(cost('{ active { id } neg: items(first: -2000000000) { version } }')).toBe(cost('{ active { id } }') + 2);
    expect(cost('{ items(first: 0) { version } }')).toBe(2);
  });

  it('follows fragments, and lets small operations through', () => {
    const query = 'query { active { ...f } } fragment f on Incident { id timeline { version } }';
    expect(costOf(query, 0)).toBe(100 * (1 + 1 + 100 * 2));
    expect(costOf(query, 50_000)).toBe('ok');
    expect(costOf('{ incident(id: "1") { id } }', 10)).toBe('ok');
  });

  it('costs each fragment once: fragments that each spread the next twice are no way to stall the server', () => {
    // Walked spread by spread, this document takes 2^30 steps (hours, past the test's time-out).
    const depth = 30;
    const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on Incident { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ incident(id: "1") { ...F0 } } ${fragments.join(' ')} fragment F${depth} on Incident { id }`;
    expect(costOf(query, 0)).toBe(1 + 2 ** depth);
  });

  it('refuses an operation over the limit with QUERY_TOO_COMPLEX', () => {
    const [error] = validate(schema, parse('{ active { timeline { summary } } }'), [maxCostRule(1000)]);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 1000 });
    expect(error.message).toMatch(/costs 20100, more than the limit of 1000/);
  });
});
