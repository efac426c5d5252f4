import { buildSchema, parse, validate } from 'graphql';
import { maxCostRule } from './query-cost';

const schema = buildSchema(`
  type Query { incident(id: ID!): Incident, incidents(first: Int): Connection!, active: [Incident!]! }
  type Connection { edges: [Edge!]!, totalCount: Int! }
  type Edge { node: Incident! }
  type Incident { id: ID!, title: String!, tags: [String!]!, timeline(afterVersion: Int): [Entry!]! }
  type Entry { version: Int!, summary: String! }
`);

const costOf = (query: string, max = 1_000_000) => {
  const errors = validate(schema, parse(query), [maxCostRule(max)]);
  return errors.length ? (errors[0].extensions.cost as number) : 'ok';
};

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

  it('sizes a connection by its literal first, and assumes 100 otherwise', () => {
    expect(costOf('{ incidents(first: 10) { totalCount edges { node { id } } } }', 0)).toBe(1 + 1 + 10 * (1 + 2));
    expect(costOf('query($n: Int) { incidents(first: $n) { edges { node { id } } } }', 0)).toBe(1 + 100 * 3);
  });

  it('follows fragments, and lets small operations through', () => {
    const query = 'query { active { ...f } } fragment f on Incident { id timeline { version } }';
    expect(costOf(query, 0)).toBe(100 * (1 + 1 + 100 * 2));
    expect(costOf(query, 50_000)).toBe('ok');
    expect(costOf('{ incident(id: "1") { id } }', 10)).toBe('ok');
  });

  it('refuses an operation over the limit with QUERY_TOO_COMPLEX', () => {
    const [error] = validate(schema, parse('{ active { timeline { summary } } }'), [maxCostRule(1000)]);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 1000 });
    expect(error.message).toMatch(/costs 20100, more than the limit of 1000/);
  });
});
