import { ACCESS_CONTEXT } from '../access/access.context';
import { ANALYTICS_CONTEXT } from '../analytics/analytics.context';
import { AUDIT_CONTEXT } from '../audit/audit.context';
import { CATALOGUE_CONTEXT } from '../catalogue/catalogue.context';
import { INCIDENTS_CONTEXT } from '../incidents/incidents.context';
import { NOTIFICATIONS_CONTEXT } from '../notifications/notifications.context';
import { TIMERS_CONTEXT } from '../timers/timers.context';
import { REMINDERS_CONTEXT } from '../reminders/reminders.context';
import { ONCALL_CONTEXT } from '../oncall/oncall.context';
import { ALERTING_CONTEXT } from '../alerting/alerting.context';
import { ESCALATION_CONTEXT } from '../escalation/escalation.context';
import { STATUSPAGE_CONTEXT } from '../statuspage/statuspage.context';
import { ContextRegistration } from './context-registration';

/**
 * Every context of the ledger. The server and the command line both read
 * this list (the command line may not import the server, so the list lives
 * here rather than in app.module.ts); the server refuses to start when a
 * context's Nest module and this list disagree.
 */
export const LEDGER_CONTEXTS: readonly ContextRegistration[] = [
  INCIDENTS_CONTEXT,
  ACCESS_CONTEXT,
  AUDIT_CONTEXT,
  ANALYTICS_CONTEXT,
  CATALOGUE_CONTEXT,
  NOTIFICATIONS_CONTEXT,
  TIMERS_CONTEXT,
  REMINDERS_CONTEXT,
  ONCALL_CONTEXT,
  ALERTING_CONTEXT,
  ESCALATION_CONTEXT,
  STATUSPAGE_CONTEXT,
];
