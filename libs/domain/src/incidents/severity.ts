export enum Severity {
  SEV1 = 'SEV1',
  SEV2 = 'SEV2',
  SEV3 = 'SEV3',
  SEV4 = 'SEV4',
  SEV5 = 'SEV5',
}

export const SEVERITIES: readonly Severity[] = [
  Severity.SEV1,
  Severity.SEV2,
  Severity.SEV3,
  Severity.SEV4,
  Severity.SEV5,
];

/** The default meaning of each level; teams read these when they determine severity. */
export const SEVERITY_DESCRIPTIONS: Readonly<Record<Severity, string>> = {
  [Severity.SEV1]: 'The whole system is degraded',
  [Severity.SEV2]: 'Errors in one product',
  [Severity.SEV3]: 'One region is degraded',
  [Severity.SEV4]: 'One node of a highly available cluster is down',
  [Severity.SEV5]: 'A rare edge case',
};

/** SEV1 to SEV3 start a full response (commander, scribe, communications); SEV4-5 do not. */
export function requiresFullResponse(severity: Severity): boolean {
  return severity === Severity.SEV1 || severity === Severity.SEV2 || severity === Severity.SEV3;
}

/** The more severe of two severities (SEV1 is the most severe). */
export function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
