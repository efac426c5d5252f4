/** Length limits on what people type; enforced by the domain and mirrored by the API's input validation. */
export const INCIDENT_LIMITS = {
  titleMaxLength: 200,
  descriptionMaxLength: 10_000,
  servicesMaxCount: 20,
  serviceMaxLength: 100,
  responderMaxLength: 200,
  noteMaxLength: 10_000,
  statusUpdateMaxLength: 5_000,
  reasonMaxLength: 2_000,
  tagsMaxCount: 20,
  tagMaxLength: 64,
  reportSectionMaxLength: 20_000,
  actionItemTitleMaxLength: 500,
  actionItemsMaxCount: 200,
  /** The ids of an alert group and of its integration, made by the alerting context. */
  alertReferenceMaxLength: 256,
} as const;
