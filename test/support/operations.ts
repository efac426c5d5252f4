/** The operations the e2e tests use, as a console or bot would send them. */

export const INCIDENT_FIELDS = `
  id title description severity status services version
  impactStartedAt detectedAt declaredAt acknowledgedAt mitigatedAt resolvedAt closedAt
  declaredBy acknowledgedBy commander scribe communicationsLead subjectMatterExperts
  resolutionSummary fullResponse active private kind
  latestInternalUpdate { message status postedBy }
  latestExternalUpdate { message status postedBy }
`;

export const TIMELINE_FIELDS = 'incidentId version type actor summary severity status role responder text audience correctedTimestamp correctedFrom correctedTo';

export const DECLARE = `mutation Declare($input: DeclareIncidentInput!) { declareIncident(input: $input) { ${INCIDENT_FIELDS} } }`;

export const mutation = (name: string, inputType: string) =>
  `mutation Do($input: ${inputType}!) { ${name}(input: $input) { ${INCIDENT_FIELDS} } }`;

export const ACKNOWLEDGE = mutation('acknowledgeIncident', 'AcknowledgeIncidentInput');
export const CHANGE_SEVERITY = mutation('changeIncidentSeverity', 'ChangeIncidentSeverityInput');
export const CHANGE_STATUS = mutation('changeIncidentStatus', 'ChangeIncidentStatusInput');
export const ASSIGN_ROLE = mutation('assignIncidentRole', 'IncidentRoleInput');
export const UNASSIGN_ROLE = mutation('unassignIncidentRole', 'IncidentRoleInput');
export const ADD_NOTE = mutation('addTimelineNote', 'AddTimelineNoteInput');
export const POST_UPDATE = mutation('postStatusUpdate', 'PostStatusUpdateInput');
export const RESOLVE = mutation('resolveIncident', 'ResolveIncidentInput');
export const REOPEN = mutation('reopenIncident', 'ReopenIncidentInput');
export const CLOSE = mutation('closeIncident', 'CloseIncidentInput');
export const CORRECT_TIMESTAMP = mutation('correctIncidentTimestamp', 'CorrectIncidentTimestampInput');

export const INCIDENT = `query Incident($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} timeline { ${TIMELINE_FIELDS} } } }`;

export const ACTIVE = `query { activeIncidents { id severity status title } }`;

export const LIST = `query List($filter: IncidentFilterInput, $first: Int, $after: String) {
  incidents(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title severity status services declaredAt } }
  }
}`;

export const TIMELINE_FEED = `subscription Feed($incidentId: ID!, $afterVersion: Int) {
  incidentTimeline(incidentId: $incidentId, afterVersion: $afterVersion) { ${TIMELINE_FIELDS} }
}`;

export const INCIDENT_FEED = `subscription Updates($incidentId: ID) { incidentUpdated(incidentId: $incidentId) { id status version severity } }`;
