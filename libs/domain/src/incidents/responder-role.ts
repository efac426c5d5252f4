export enum ResponderRole {
  INCIDENT_COMMANDER = 'INCIDENT_COMMANDER',
  SCRIBE = 'SCRIBE',
  COMMUNICATIONS_LEAD = 'COMMUNICATIONS_LEAD',
  SUBJECT_MATTER_EXPERT = 'SUBJECT_MATTER_EXPERT',
}

/** Roles held by one person at a time; assigning another person is a hand-over. */
export type SingleHolderRole = Exclude<ResponderRole, ResponderRole.SUBJECT_MATTER_EXPERT>;

export function isSingleHolderRole(role: ResponderRole): role is SingleHolderRole {
  return role !== ResponderRole.SUBJECT_MATTER_EXPERT;
}
