import { MAX_QUERY_NESTING, nestingDepth, unparsableReason } from './graphql-http-guards';

describe('nesting depth of GraphQL text', () => {
  it('counts braces, brackets and parentheses', () => {
    expect(nestingDepth('{ a }')).toBe(1);
    expect(nestingDepth('mutation { x(input: { list: [1, 2] }) { id } }')).toBe(4);
  });

  it('leaves strings, block strings and comments out', () => {
    expect(nestingDepth('{ a(text: "{{{{[[[(((") }')).toBe(2);
    expect(nestingDepth('{ a(text: "escaped \\" {{{") }')).toBe(2);
    expect(nestingDepth('{ a(text: """ {{{ "quoted" {{{ """) }')).toBe(2);
    expect(nestingDepth('# {{{{{\n{ a }')).toBe(1);
  });

  it('refuses documents nested deeper than the limit, before any parsing', () => {
    const deep = `${'{ a '.repeat(MAX_QUERY_NESTING + 1)}${'}'.repeat(MAX_QUERY_NESTING + 1)}`;
    expect(unparsableReason(deep)).toMatch(/nests 65 deep/);
    expect(unparsableReason('{ incidents(first: 2) { edges { node { id } } } }')).toBeUndefined();
  });
});
