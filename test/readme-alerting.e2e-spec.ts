import { describeReadmeSection } from './support/readme';

/**
 * The README's alerting example, run verbatim against a server started as it
 * says (`npm start`, the product's defaults): a schedule, an escalation
 * policy and an integration, then a PagerDuty event sent with curl declares a
 * SEV1 incident that pages whoever is on call, acknowledged and resolved.
 */
describeReadmeSection('the README alerting example', { from: '### Try it: an alert pages whoever is on call\n', to: '### Alertmanager and Grafana\n' });
