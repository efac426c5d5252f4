/** A service's priority: TIER_1 is customer-facing and critical, TIER_4 the least critical. */
export enum ServiceTier {
  TIER_1 = 'TIER_1',
  TIER_2 = 'TIER_2',
  TIER_3 = 'TIER_3',
  TIER_4 = 'TIER_4',
}

export const SERVICE_TIERS: readonly ServiceTier[] = [ServiceTier.TIER_1, ServiceTier.TIER_2, ServiceTier.TIER_3, ServiceTier.TIER_4];

export function isServiceTier(value: unknown): value is ServiceTier {
  return typeof value === 'string' && (SERVICE_TIERS as readonly string[]).includes(value);
}

export enum ServiceLifecycle {
  PRODUCTION = 'PRODUCTION',
  EXPERIMENTAL = 'EXPERIMENTAL',
  DEPRECATED = 'DEPRECATED',
}

export const SERVICE_LIFECYCLES: readonly ServiceLifecycle[] = [ServiceLifecycle.PRODUCTION, ServiceLifecycle.EXPERIMENTAL, ServiceLifecycle.DEPRECATED];

export function isServiceLifecycle(value: unknown): value is ServiceLifecycle {
  return typeof value === 'string' && (SERVICE_LIFECYCLES as readonly string[]).includes(value);
}
