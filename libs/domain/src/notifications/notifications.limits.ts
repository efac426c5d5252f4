/** Length and count limits on channels and subscriptions; enforced by the domain, for the API's input validation to mirror. */
export const NOTIFICATIONS_LIMITS = {
  nameMaxLength: 100,
  reasonMaxLength: 2_000,
  recipientsMaxCount: 50,
  /** Per subscription filter list. */
  filterMaxCount: 100,
  /** Every channel together: a bound on the work each event costs the delivery process. */
  channelsMaxCount: 500,
  subscriptionsMaxCount: 5_000,
} as const;
