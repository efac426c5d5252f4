import { ActionItemStatus } from './action-item';
import { ReportContent, ReportStatus } from './incident-report';
import { IncidentStatus } from './incident-status';
import { IncidentMoments } from './incident-timestamp';
import { IncidentKind } from './incident-kind';
import { SingleHolderRole } from './responder-role';
import { Severity } from './severity';
import type { ReminderState } from './incident-reminders';
import type { EscalationPlan } from '../escalation/escalation.types';

/**
 * What the decider needs to know about an incident to judge the next command:
 * one state for both lifecycles, since each reads a little of the other (a
 * report is published once the incident is resolved; closing may need it published).
 */
export type IncidentState =
  | { declared: false }
  | {
      declared: true;
      status: IncidentStatus;
      severity: Severity;
      /** The services named at declaration: whose escalation policy pages. */
      services: readonly string[];
      holders: Readonly<Record<SingleHolderRole, string | null>>;
      experts: readonly string[];
      private: boolean;
      declaredBy: string;
      times: IncidentMoments;
      kind: IncidentKind;
      tags: readonly string[];
      /** The incident this one was merged into as a duplicate: it is then final. */
      mergedInto: string | null;
      duplicates: readonly string[];
      report: ReportState | null;
      actionItems: Readonly<Record<string, ActionItemStatus>>;
      reminders: ReminderState;
      /** The alert groups attached to it, by id: the title each was last attached with, and whether it has resolved since. */
      alertGroups: Readonly<Record<string, AttachedAlertGroupState>>;
      /** The escalation under way or over, null before one started. */
      escalation: EscalationState | null;
      /** Every page sent, by id. */
      pages: Readonly<Record<string, PageState>>;
    };

export interface EscalationState {
  plan: EscalationPlan;
  /** Steps taken so far: the next one is `step + 1`. */
  step: number;
  exhausted: boolean;
}

export interface PageState {
  person: string;
  acknowledged: boolean;
}

export interface AttachedAlertGroupState {
  title: string;
  resolved: boolean;
}

export interface ReportState {
  revision: number;
  status: ReportStatus;
  internal: ReportContent;
  external: ReportContent;
  causeTags: readonly string[];
}

export type DeclaredState = Extract<IncidentState, { declared: true }>;

export const initialIncidentState: IncidentState = { declared: false };
