import { AlertingService, AppConfig, RoutedGroup } from '@incident-ledger/application';
import { AlertBatch, parseAlertmanagerPayload, parseGrafanaPayload, parsePagerDutyEvent } from '@incident-ledger/domain';
import { IntegrationView } from '@incident-ledger/read-models';
import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../../platform/auth/auth.errors';
import { RateLimiter } from '../../platform/auth/rate-limiter';
import { Public } from '../../platform/auth/requires.decorator';
import { credentialFromHeaders } from '../../platform/graphql/request-context';

/** The routes monitoring systems post alerts to; they take larger bodies than the API (see main.ts). */
export const INGEST_ROUTES = ['/integrations/alertmanager', '/integrations/grafana', '/v2/enqueue'] as const;

/** What an Alertmanager or Grafana notification is answered: the groups it touched. */
interface AlertsAccepted {
  status: 'accepted';
  alertGroups: { id: string; severity: string; title: string; alerts: number }[];
}

/**
 * Alerts in. Each request authenticates with its integration's key, not an
 * API key (the routes are @Public for the API's authentication): as a bearer
 * token for the Alertmanager and Grafana webhooks, as `routing_key` for the
 * PagerDuty Events API. An unknown or disabled key is a 401, a payload that
 * does not parse a 400 naming the field, both before anything is written; an
 * integration over its rate a 429 with Retry-After.
 */
@Controller()
export class AlertIngestController {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly alerting: AlertingService,
    config: AppConfig,
  ) {
    this.limiter = new RateLimiter(config.INGEST_RATE_LIMIT_PER_SECOND, config.INGEST_RATE_LIMIT_BURST);
  }

  @Post('integrations/alertmanager')
  @Public()
  @HttpCode(202)
  alertmanager(@Req() request: FastifyRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<AlertsAccepted> {
    return this.receive(this.integrationOf(credentialFromHeaders(request.headers), reply), parseAlertmanagerPayload(body));
  }

  @Post('integrations/grafana')
  @Public()
  @HttpCode(202)
  grafana(@Req() request: FastifyRequest, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<AlertsAccepted> {
    return this.receive(this.integrationOf(credentialFromHeaders(request.headers), reply), parseGrafanaPayload(body));
  }

  /** PagerDuty's Events API v2, answered as PagerDuty answers. */
  @Post('v2/enqueue')
  @Public()
  @HttpCode(202)
  async pagerDuty(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; message: string; dedup_key: string }> {
    const event = parsePagerDutyEvent(body);
    await this.alerting.receivePagerDuty(this.integrationOf(event.routingKey, reply), event);
    return { status: 'success', message: 'Event processed', dedup_key: event.dedupKey };
  }

  private integrationOf(key: string | undefined, reply: FastifyReply): IntegrationView {
    const integration = this.alerting.authenticate(key);
    const spent = this.limiter.take(integration.integrationId);
    if (!spent.allowed) {
      void reply.header('retry-after', String(spent.retryAfterSeconds));
      throw new RateLimitedError(spent.retryAfterSeconds);
    }
    return integration;
  }

  private async receive(integration: IntegrationView, batch: AlertBatch): Promise<AlertsAccepted> {
    const groups = await this.alerting.receive(integration, batch);
    return { status: 'accepted', alertGroups: groups.map(summary) };
  }
}

function summary({ alertGroupId, route, alerts }: RoutedGroup): AlertsAccepted['alertGroups'][number] {
  return { id: alertGroupId, severity: route.severity, title: route.title, alerts: alerts.length };
}
