/**
 * The services a field names (dependents, a team's services, a blast radius):
 * the first 100 by default and at most. Field resolvers run without pipes, so
 * a page size from a variable is held to the largest page here; the cost rule
 * counts the largest page, so a list in a list in a list of them is refused.
 */
export const RELATED_PAGE = { default: 100, max: 100 };

export function pageOf(first: number | null | undefined): number {
  return Math.max(1, Math.min(first ?? RELATED_PAGE.default, RELATED_PAGE.max));
}
