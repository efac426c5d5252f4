/**
 * The query GraphiQL opens with for one incident: what a reviewer wants to
 * see of it, and, as comments, how to run it (GraphiQL sends the key from its
 * Headers tab; a link cannot carry it).
 */
const INCIDENT_QUERY = `# An incident from the review report. To run it (the ▶ button, or Ctrl-Enter),
# put your API key in the Headers tab below: {"Authorization": "Bearer ilk_..."}
query Incident($id: ID!) {
  incident(id: $id) {
    id
    title
    severity
    highestSeverity
    status
    kind
    services
    commander
    declaredAt
    resolvedAt
    timeline {
      occurredAt
      actor
      summary
    }
  }
}
`;

/**
 * GraphiQL on this server, opened with a query for the incident, as a URL
 * relative to a page one level below the root (`/reports/review`), so that
 * it holds behind a proxy that serves the ledger under a path.
 */
export function incidentInGraphiql(incidentId: string): string {
  const query = new URLSearchParams({ query: INCIDENT_QUERY, variables: JSON.stringify({ id: incidentId }, null, 2) });
  return `../graphiql?${query}`;
}
