import {
  AlertBatch,
  AlertGroupRoute,
  AlertRoute,
  AlertSource,
  DomainError,
  IntegrationCommand,
  IntegrationSettings,
  NormalisedAlert,
  PagerDutyEvent,
  routeAlert,
  RoutingRule,
  SEVERITIES,
} from '@incident-ledger/domain';
import { AlertGroupView, AlertingReadModel, CatalogueReadModel, IntegrationView, Projector } from '@incident-ledger/read-models';
import { createHash, randomBytes } from 'node:crypto';
import { CommandContext } from '../commands/command-executor';
import { AlertGroupCommandExecutor, IntegrationCommandExecutor } from './alerting-executors';

/** A request's key names no enabled integration. */
export class UnknownIntegrationKeyError extends Error {
  constructor() {
    super('No enabled integration has this key: check the key (Authorization: Bearer <key>, or PagerDuty’s routing_key), or rotate it');
    this.name = 'UnknownIntegrationKeyError';
  }
}

/** What one group of a payload becomes: for a request's answer and for the dry run. */
export interface RoutedGroup {
  alertGroupId: string;
  groupKey: string;
  route: AlertGroupRoute;
  /** The route of each alert, in the payload's order. */
  alerts: { alert: NormalisedAlert; route: AlertRoute }[];
}

export interface IssuedKey {
  integration: IntegrationView;
  /** Shown once. */
  key: string;
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A new integration key: 32 characters (PagerDuty's routing-key length, so it
 * is one), 160 random bits in lower-case base 32. Being that random, it is
 * stored as a plain SHA-256 (no salt, no slow hash): what guessing needs is
 * 2^160 tries, and a fast hash lets every request be checked by one lookup.
 */
export function newIntegrationKey(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let key = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      key += KEY_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return key;
}

export const integrationKeyHash = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A group's id: its integration, and a digest of its group key (which may be kilobytes long). */
export const alertGroupIdOf = (integrationId: string, groupKey: string): string => `${integrationId}-${createHash('sha256').update(groupKey, 'utf8').digest('hex').slice(0, 20)}`;

/** Who records what a sender sent. */
export const integrationActor = (integrationId: string): string => `${INTEGRATION_ACTOR_PREFIX}${integrationId}`;

const INTEGRATION_ACTOR_PREFIX = 'integration:';

export const isIntegrationActor = (actor: string): boolean => actor.startsWith(INTEGRATION_ACTOR_PREFIX);

/**
 * Integrations as people set them up, and alerts as senders send them: each
 * group of a payload is routed by its integration's rules and recorded on its
 * own stream.
 */
export class AlertingService {
  constructor(
    private readonly integrations: IntegrationCommandExecutor,
    private readonly groups: AlertGroupCommandExecutor,
    readonly alerting: AlertingReadModel,
    private readonly catalogue: CatalogueReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {}

  /** Runs the command; answers the integration as the read model holds it after the write. */
  async changeIntegration(command: IntegrationCommand, context: CommandContext): Promise<IntegrationView> {
    for (const service of servicesNamedBy(command)) this.checkService(service.value, service.field);
    const outcome = await this.integrations.execute(command, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.alerting);
    const integration = this.alerting.integration(command.integrationId.trim());
    if (!integration) throw new Error(`Integration ${command.integrationId} is missing from the read model after its write`);
    return integration;
  }

  /** Creates an integration; its key is answered once, and only its hash is kept. */
  async createIntegration(settings: IntegrationSettings & { integrationId: string }, context: CommandContext): Promise<IssuedKey> {
    const key = newIntegrationKey();
    const integration = await this.changeIntegration({ type: 'CreateIntegration', ...settings, keyHash: integrationKeyHash(key), actor: context.actor }, context);
    return { integration, key };
  }

  /** A new key for an integration: the old one stops working at once. */
  async rotateKey(integrationId: string, context: CommandContext): Promise<IssuedKey> {
    const key = newIntegrationKey();
    const integration = await this.changeIntegration({ type: 'RotateIntegrationKey', integrationId, keyHash: integrationKeyHash(key), actor: context.actor }, context);
    return { integration, key };
  }

  /** The enabled integration a key belongs to. */
  authenticate(key: string | undefined): IntegrationView {
    const integration = key === undefined || key === '' ? undefined : this.alerting.integrationByKeyHash(integrationKeyHash(key));
    if (!integration || integration.disabled) throw new UnknownIntegrationKeyError();
    return integration;
  }

  /** Records what a payload says, group by group; answers the groups it touched. */
  async receive(integration: IntegrationView, batch: AlertBatch): Promise<RoutedGroup[]> {
    const routed = this.preview(integration, batch, integration.rules);
    const actor = integrationActor(integration.integrationId);
    await Promise.all(
      routed.map(({ alertGroupId, groupKey, route, alerts }) =>
        this.groups.execute(
          {
            type: 'ReceiveAlerts',
            alertGroupId,
            actor,
            integrationId: integration.integrationId,
            groupKey,
            alerts: alerts.map(({ alert }) => alert),
            truncatedAlerts: batch.truncatedAlerts,
            groupResolved: batch.groupResolved,
            route,
          },
          { actor, correlationId: `alerts-${alertGroupId}` },
        ),
      ),
    );
    return routed;
  }

  /** A PagerDuty event: a trigger or a resolution is alerts; an acknowledgement acknowledges the group, if it is open. */
  async receivePagerDuty(integration: IntegrationView, event: PagerDutyEvent): Promise<void> {
    if (event.action !== 'ACKNOWLEDGE') {
      await this.receive(integration, event);
      return;
    }
    const actor = integrationActor(integration.integrationId);
    const alertGroupId = alertGroupIdOf(integration.integrationId, event.dedupKey);
    try {
      await this.groups.execute({ type: 'AcknowledgeAlertGroup', alertGroupId, actor }, { actor, correlationId: `alerts-${alertGroupId}` });
    } catch (error) {
      // PagerDuty accepts an acknowledgement of an alert it does not know or that resolved, and changes nothing.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  /** What a payload would become under these rules (the integration's own by default): nothing is written. */
  preview(integration: IntegrationView, batch: AlertBatch, rules: readonly RoutingRule[]): RoutedGroup[] {
    const tierOf = (service: string) => this.catalogue.service(service)?.tier ?? null;
    const byGroup = new Map<string, RoutedGroup['alerts']>();
    for (const alert of batch.alerts) {
      const route = routeAlert(alert, batch.source as AlertSource, rules, integration.service, tierOf);
      const list = byGroup.get(alert.groupKey) ?? [];
      list.push({ alert, route });
      byGroup.set(alert.groupKey, list);
    }
    return [...byGroup].map(([groupKey, alerts]) => ({ alertGroupId: alertGroupIdOf(integration.integrationId, groupKey), groupKey, route: groupRoute(alerts), alerts }));
  }

  /** A person acknowledges a group; answers it as the read model holds it after the write. */
  async acknowledge(alertGroupId: string, context: CommandContext): Promise<AlertGroupView | undefined> {
    const outcome = await this.groups.execute({ type: 'AcknowledgeAlertGroup', alertGroupId, actor: context.actor }, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.alerting);
    return this.alerting.alertGroup(alertGroupId);
  }

  private checkService(service: string | null | undefined, field: string): void {
    if (service === null || service === undefined || service.trim() === '') return;
    if (!this.catalogue.service(service.trim())) throw new DomainError('UNKNOWN_SERVICE', `No service ${service} in the catalogue: register it first`, { field });
  }
}

/** A group goes where its most severe firing alert goes (the first of those, on a tie); a group of resolved alerts where its first goes. */
function groupRoute(alerts: RoutedGroup['alerts']): AlertGroupRoute {
  const firing = alerts.filter(({ alert }) => alert.status === 'FIRING');
  const candidates = firing.length > 0 ? firing : alerts;
  const { route } = candidates.reduce((best, each) => (SEVERITIES.indexOf(each.route.severity) < SEVERITIES.indexOf(best.route.severity) ? each : best));
  return { service: route.service, severity: route.severity, title: route.title };
}

function servicesNamedBy(command: IntegrationCommand): { value: string | null | undefined; field: string }[] {
  if (command.type === 'CreateIntegration' || command.type === 'ChangeIntegration') return [{ value: command.service, field: 'service' }];
  if (command.type === 'SetIntegrationRoutingRules') return command.rules.map((rule, index) => ({ value: rule.service, field: `rules[${index}].service` }));
  return [];
}
