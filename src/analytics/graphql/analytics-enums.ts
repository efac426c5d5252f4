import { IncidentMetric, MetricsGrouping, MetricsPeriod } from '@incident-ledger/read-models';
import { registerEnumType } from '@nestjs/graphql';

registerEnumType(IncidentMetric, {
  name: 'IncidentMetric',
  description: 'A duration an incident review reads; each measured from the impact start, or the declaration when no impact start is known.',
  valuesMap: {
    TIME_TO_DETECT: { description: 'detectedAt − impactStartedAt; counted only where the impact start is known.' },
    TIME_TO_ACKNOWLEDGE: { description: 'acknowledgedAt − declaredAt.' },
    TIME_TO_MITIGATE: { description: 'mitigatedAt − impact start (or declaration).' },
    TIME_TO_RESOLVE: { description: 'resolvedAt − impact start (or declaration).' },
  },
});

registerEnumType(MetricsGrouping, {
  name: 'MetricsGrouping',
  description: 'What to group the metrics by; an incident with several services, tags or responders counts in each of their groups.',
  valuesMap: {
    SEVERITY: { description: 'The severity each incident has now: a SEV1 downgraded to SEV2 counts under SEV2.' },
    HIGHEST_SEVERITY: { description: 'The most severe level each incident reached: a SEV1 downgraded to SEV2 counts under SEV1.' },
    SERVICE: { description: 'Each service an incident affects.' },
    TAG: { description: 'Each tag an incident carries.' },
    RESPONDER: { description: 'Whoever acknowledged an incident or held a role in it.' },
    PERIOD: { description: 'The day, week or month (period) of the declaration, in the time zone.' },
    OWNER_TEAM: { description: "Each team owning one of the incident's catalogued services; uncatalogued services count nowhere." },
    SERVICE_TIER: { description: "The most critical tier among the incident's catalogued services (one group per incident)." },
  },
});

registerEnumType(MetricsPeriod, { name: 'MetricsPeriod', description: 'Calendar periods in the time zone asked for; weeks start on Monday.' });
