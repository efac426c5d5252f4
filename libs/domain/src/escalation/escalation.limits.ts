export const ESCALATION_LIMITS = {
  levelsMaxCount: 10,
  targetsMaxCount: 10,
  /** At least a minute between levels, at most a day. */
  delayMinutesMin: 1,
  delayMinutesMax: 1_440,
  repeatMax: 9,
  servicesMaxCount: 100,
  idMaxLength: 200,
  nameMaxLength: 200,
  /** A TEAM target in ALL mode pages every member: a bound on how many pages one level sends. */
  pagesPerLevelMax: 50,
} as const;
