import { ALERT_LINK_KINDS, AlertLink, AlertLinkKind } from '@incident-ledger/domain';
import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../../platform/graphql/enum-of';

/** The kinds of alert link as the enum object GraphQL registers: each name its own value. */
export const AlertLinkKindEnum = enumOf(ALERT_LINK_KINDS);

registerEnumType(AlertLinkKindEnum, {
  name: 'AlertLinkKind',
  description: 'What a link on an alert leads to.',
  valuesMap: {
    GENERATOR: { description: 'The query or rule that raised the alert (Prometheus generatorURL).' },
    RUNBOOK: { description: 'What to do about it (the runbook_url annotation).' },
    SILENCE: { description: 'Silences the alert (Grafana silenceURL).' },
    DASHBOARD: { description: 'The dashboard it belongs to (Grafana dashboardURL).' },
    PANEL: { description: 'The panel it was raised on (Grafana panelURL).' },
    IMAGE: { description: 'A picture of what alerted (Grafana imageURL, PagerDuty images).' },
    LINK: { description: 'Any other link the sender gave (PagerDuty links, an image\'s href).' },
  } satisfies Record<AlertLinkKind, { description: string }>,
});

@ObjectType('AlertLink', { description: 'A link an alert carries: an absolute http(s) URL.' })
export class AlertLinkObject implements AlertLink {
  @Field(() => AlertLinkKindEnum)
  kind!: AlertLinkKind;

  @Field()
  url!: string;

  @Field(() => String, { nullable: true, description: "The sender's words for it, when it gave some." })
  text!: string | null;
}
