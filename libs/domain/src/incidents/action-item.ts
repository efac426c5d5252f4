/** Follow-up work from an incident or its report. The names are part of the storage format. */
export enum ActionItemPriority {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

/** What the work is for: prevent a recurrence, detect sooner, mitigate faster, or fix the process. */
export enum ActionItemType {
  PREVENT = 'PREVENT',
  DETECT = 'DETECT',
  MITIGATE = 'MITIGATE',
  PROCESS = 'PROCESS',
}

export enum ActionItemStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
}

/** Where an action item came from: the incident while it ran, or its report. */
export enum ActionItemSource {
  INCIDENT = 'INCIDENT',
  REPORT = 'REPORT',
}

export function isActionItemPriority(value: unknown): value is ActionItemPriority {
  return Object.values(ActionItemPriority).includes(value as ActionItemPriority);
}

export function isActionItemType(value: unknown): value is ActionItemType {
  return Object.values(ActionItemType).includes(value as ActionItemType);
}

export function isActionItemSource(value: unknown): value is ActionItemSource {
  return Object.values(ActionItemSource).includes(value as ActionItemSource);
}
