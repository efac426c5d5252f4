/** Bounds of what the status page stores: public texts stay short enough to read on a phone during an outage. */
export const STATUSPAGE_LIMITS = {
  name: 200,
  description: 1_000,
  /** A public update's body, or a maintenance's announcement. */
  message: 10_000,
  reason: 1_000,
  /** Components one incident or maintenance names. */
  components: 100,
  /** Components and groups on one page: a page customers can scan, and a bound for GraphQL's query cost. */
  pageComponents: 100,
  position: 1_000,
  /** The longest maintenance window. */
  maintenanceDays: 14,
} as const;
