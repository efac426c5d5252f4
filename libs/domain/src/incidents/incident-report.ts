/**
 * The incident report (postmortem): drafted, then published, in an internal
 * version for the organisation and an external one for customers. Section
 * names are part of the storage format.
 */
export const REPORT_SECTIONS = [
  'summary',
  'impact',
  'detection',
  'rootCause',
  'contributingFactors',
  'resolution',
  'whatWentWell',
  'whatWentWrong',
  'lessons',
] as const;

export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** One version of the report: every section optional text, null when not written. */
export type ReportContent = Record<ReportSection, string | null>;

export enum ReportStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}

export const EMPTY_REPORT_CONTENT: ReportContent = Object.fromEntries(REPORT_SECTIONS.map((section) => [section, null])) as ReportContent;
