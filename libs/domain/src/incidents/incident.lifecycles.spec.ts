import { incidentDecider } from './incident.decider';
import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { command } from './testing/incident-history';

describe('which changes make a command stale', () => {
  const conflicts = incidentDecider.conflicts!;
  const statusChange = command('ChangeIncidentStatus', { status: IncidentStatus.MONITORING });
  const itemDone = command('CompleteActionItem', { actionItemId: 'ai-1' });
  const written = ['ActionItemCompleted', 'TimelineNoteAdded', 'IncidentReportDrafted', 'IncidentStatusChanged', 'ActionItemAdded'];

  it("a response command: the response's events only", () => {
    expect(conflicts(statusChange, written)).toEqual(['TimelineNoteAdded', 'IncidentStatusChanged']);
    expect(conflicts(statusChange, ['ActionItemCompleted', 'IncidentTagsChanged', 'IncidentTimestampCorrected', 'DuplicateLinked'])).toEqual([]);
  });

  it("a review command: the review's events only", () => {
    expect(conflicts(itemDone, written)).toEqual(['ActionItemCompleted', 'IncidentReportDrafted', 'ActionItemAdded']);
    expect(conflicts(itemDone, ['IncidentResolved', 'IncidentClosed', 'ResponderAssigned', 'StatusUpdatePosted'])).toEqual([]);
  });

  it("a correction of the incident's moments: the review's events, and the response's that move those moments", () => {
    const correction = command('CorrectIncidentTimestamp', { field: IncidentTimestamp.RESOLVED, to: new Date('2026-03-01T09:40:00.000Z'), reason: 'graphs' });
    // Reopened and resolved again since the reviewer's view: their correction would overwrite the newer resolution.
    expect(conflicts(correction, ['IncidentReopened', 'IncidentResolved', 'TimelineNoteAdded', 'ResponderAssigned'])).toEqual(['IncidentReopened', 'IncidentResolved']);
    expect(conflicts(correction, ['TimelineNoteAdded', 'IncidentSeverityChanged', 'StatusUpdatePosted'])).toEqual([]);
  });

  it('an alert group attached or resolved makes no response or review command stale, and the other way round', () => {
    const alerts = ['AlertGroupAttached', 'AttachedAlertGroupResolved'];
    expect(conflicts(statusChange, alerts)).toEqual([]);
    expect(conflicts(itemDone, alerts)).toEqual([]);
    expect(conflicts(command('RecordAlertGroupResolved', { alertGroupId: 'ag-1' }), [...written, ...alerts])).toEqual(alerts);
  });

  it('an event type this code does not know, as a newer server may write: both', () => {
    expect(conflicts(statusChange, ['IncidentSplit'])).toEqual(['IncidentSplit']);
    expect(conflicts(itemDone, ['IncidentSplit'])).toEqual(['IncidentSplit']);
  });
});
