import {
  ALERT_GROUP_STREAM_PREFIX,
  alertGroupEventCodec,
  AlertGroupStatus,
  AlertStatus,
  INTEGRATION_STREAM_PREFIX,
  integrationEventCodec,
  RecordedAlert,
  RoutingRule,
  Severity,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export interface IntegrationView {
  integrationId: string;
  name: string;
  service: string;
  autoResolve: boolean;
  disabled: boolean;
  rules: readonly RoutingRule[];
  /** SHA-256 of the key, hex: what a request's key is looked up by. */
  keyHash: string;
  createdAt: string;
  createdBy: string;
  keyRotatedAt: string | null;
}

export interface AlertGroupView {
  alertGroupId: string;
  integrationId: string;
  groupKey: string;
  service: string;
  severity: Severity;
  title: string;
  status: AlertGroupStatus;
  episode: number;
  incidentId: string | null;
  /** Every alert the group has had (distinct fingerprints), and those firing now. */
  alertCount: number;
  firingCount: number;
  /** Alerts the sender said it left out of its last notification. */
  truncatedAlerts: number;
  triggeredAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  lastReceivedAt: string;
}

export interface AlertView extends RecordedAlert {
  firstSeenAt: string;
  changedAt: string;
}

export interface AlertGroupFilter {
  status?: AlertGroupStatus;
  integrationId?: string;
  service?: string;
  incidentId?: string;
}

interface AlertingState {
  integrations: Map<string, IntegrationView>;
  groups: Map<string, AlertGroupView>;
  alerts: Map<string, Map<string, AlertView>>;
}

/** Integrations (by id and by key hash) and alert groups with their alerts, as projected from their streams. */
export class AlertingReadModel extends CheckpointedReadModel<void, AlertingState> {
  private integrationsById = new Map<string, IntegrationView>();
  private integrationIdByKeyHash = new Map<string, string>();
  private groups = new Map<string, AlertGroupView>();
  private alerts = new Map<string, Map<string, AlertView>>();

  get size(): number {
    return this.integrationsById.size + this.groups.size;
  }

  protected snapshotState(): AlertingState {
    return { integrations: this.integrationsById, groups: this.groups, alerts: this.alerts };
  }

  protected restoreState(state: AlertingState): void {
    this.integrationsById = state.integrations;
    this.integrationIdByKeyHash = new Map([...state.integrations.values()].map((integration) => [integration.keyHash, integration.integrationId]));
    this.groups = state.groups;
    this.alerts = state.alerts;
  }

  protected applyNew(event: RecordedEvent): void {
    if (event.streamId.startsWith(INTEGRATION_STREAM_PREFIX) && integrationEventCodec.knows(event.type)) this.applyIntegration(event);
    else if (event.streamId.startsWith(ALERT_GROUP_STREAM_PREFIX) && alertGroupEventCodec.knows(event.type)) this.applyAlertGroup(event);
  }

  private applyIntegration(recorded: RecordedEvent): void {
    const event = integrationEventCodec.decodeRecorded(recorded);
    const { integrationId, at, by } = event.data;
    if (event.type === 'IntegrationCreated') {
      const { name, service, autoResolve, keyHash } = event.data;
      this.setIntegration({ integrationId, name, service, autoResolve, disabled: false, rules: [], keyHash, createdAt: at, createdBy: by, keyRotatedAt: null });
      return;
    }
    const integration = this.integrationsById.get(integrationId);
    if (!integration) return;
    switch (event.type) {
      case 'IntegrationKeyRotated':
        this.integrationIdByKeyHash.delete(integration.keyHash);
        return this.setIntegration({ ...integration, keyHash: event.data.keyHash, keyRotatedAt: at });
      case 'IntegrationChanged':
        return this.setIntegration({ ...integration, ...event.data.changes });
      case 'IntegrationRoutingRulesSet':
        return this.setIntegration({ ...integration, rules: event.data.rules });
      case 'IntegrationDisabled':
        return this.setIntegration({ ...integration, disabled: true });
      case 'IntegrationEnabled':
        return this.setIntegration({ ...integration, disabled: false });
    }
  }

  private setIntegration(integration: IntegrationView): void {
    this.integrationsById.set(integration.integrationId, integration);
    this.integrationIdByKeyHash.set(integration.keyHash, integration.integrationId);
  }

  private applyAlertGroup(recorded: RecordedEvent): void {
    const event = alertGroupEventCodec.decodeRecorded(recorded);
    const { alertGroupId, at } = event.data;
    if (event.type === 'AlertGroupTriggered') {
      const { integrationId, groupKey, service, severity, title, episode } = event.data;
      const before = this.groups.get(alertGroupId);
      this.groups.set(alertGroupId, {
        alertGroupId,
        integrationId,
        groupKey,
        service,
        severity,
        title,
        status: 'TRIGGERED',
        episode,
        incidentId: before?.incidentId ?? null,
        alertCount: before?.alertCount ?? 0,
        firingCount: before?.firingCount ?? 0,
        truncatedAlerts: 0,
        triggeredAt: at,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        lastReceivedAt: at,
      });
      return;
    }
    const group = this.groups.get(alertGroupId);
    if (!group) return;
    switch (event.type) {
      case 'AlertsReceived': {
        const alerts = this.alerts.get(alertGroupId) ?? new Map<string, AlertView>();
        this.alerts.set(alertGroupId, alerts);
        let firing = group.firingCount;
        for (const alert of event.data.alerts) {
          const before = alerts.get(alert.fingerprint);
          firing += countFiring(alert.status) - countFiring(before?.status);
          alerts.set(alert.fingerprint, { ...alert, firstSeenAt: before?.firstSeenAt ?? at, changedAt: at });
        }
        this.groups.set(alertGroupId, { ...group, alertCount: alerts.size, firingCount: firing, truncatedAlerts: event.data.truncatedAlerts, lastReceivedAt: at });
        return;
      }
      case 'AlertGroupAcknowledged':
        this.groups.set(alertGroupId, { ...group, status: 'ACKNOWLEDGED', acknowledgedAt: at, acknowledgedBy: event.data.by });
        return;
      case 'AlertGroupResolved': {
        for (const [fingerprint, alert] of this.alerts.get(alertGroupId) ?? []) {
          if (alert.status === 'FIRING') this.alerts.get(alertGroupId)?.set(fingerprint, { ...alert, status: 'RESOLVED', changedAt: at });
        }
        this.groups.set(alertGroupId, { ...group, status: 'RESOLVED', resolvedAt: at, firingCount: 0, truncatedAlerts: 0 });
        return;
      }
      case 'AlertGroupIncidentLinked':
        this.groups.set(alertGroupId, { ...group, incidentId: event.data.incidentId });
        return;
    }
  }

  integration(integrationId: string): IntegrationView | undefined {
    return this.integrationsById.get(integrationId);
  }

  integrationByKeyHash(keyHash: string): IntegrationView | undefined {
    const id = this.integrationIdByKeyHash.get(keyHash);
    return id === undefined ? undefined : this.integrationsById.get(id);
  }

  integrations(): IntegrationView[] {
    return [...this.integrationsById.values()].sort((a, b) => a.integrationId.localeCompare(b.integrationId));
  }

  alertGroup(alertGroupId: string): AlertGroupView | undefined {
    return this.groups.get(alertGroupId);
  }

  /** Latest triggered first. */
  alertGroups(filter: AlertGroupFilter): AlertGroupView[] {
    return [...this.groups.values()]
      .filter(
        (group) =>
          (filter.status === undefined || group.status === filter.status) &&
          (filter.integrationId === undefined || group.integrationId === filter.integrationId) &&
          (filter.service === undefined || group.service === filter.service) &&
          (filter.incidentId === undefined || group.incidentId === filter.incidentId),
      )
      .sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt) || a.alertGroupId.localeCompare(b.alertGroupId));
  }

  /** The group's alerts, firing first, then the most recently changed. */
  alertsOf(alertGroupId: string): AlertView[] {
    return [...(this.alerts.get(alertGroupId)?.values() ?? [])].sort(
      (a, b) => countFiring(b.status) - countFiring(a.status) || b.changedAt.localeCompare(a.changedAt) || a.fingerprint.localeCompare(b.fingerprint),
    );
  }
}

const countFiring = (status: AlertStatus | undefined): number => (status === 'FIRING' ? 1 : 0);
