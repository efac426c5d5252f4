import { CONNECTIONS, LoadResult, loadTest } from './http-load';
import { Peers } from './peers';
import { BenchServer, graphql } from './server-process';

/** The command path's load and what it wrote. */
export interface NoteLoadResult {
  result: LoadResult;
  /** Notes in the store after the load, warm-up included. */
  written: number;
  /** The incidents the notes went to: the status board's. */
  incidentIds: string[];
}

type Board = { activeIncidents: Array<{ id: string; version: number }> };
const BOARD = '{ activeIncidents { id version } }';
type Timeline = { incident: { timeline: Array<{ type: string }> } };
const TIMELINE = 'query($id: ID!, $after: Int) { incident(id: $id) { timeline(afterVersion: $after) { type } } }';

/**
 * The command path's load: `addTimelineNote` at 50 connections, spread over
 * the incidents on the status board, each answer checked (no GraphQL errors:
 * the note is in the store before the answer), and then every answered note
 * counted back on the incidents' timelines.
 */
export async function noteLoad(peers: Peers, quick: boolean, server: BenchServer, key: string): Promise<NoteLoadResult> {
  const board = await graphql<Board>(server.url, key, BOARD);
  if (board.activeIncidents.length === 0) throw new Error('the generated log left no incident open');
  const bodies = board.activeIncidents.map((incident, n) => ({
    query: 'mutation($input: AddTimelineNoteInput!) { addTimelineNote(input: $input) { id version } }',
    variables: { input: { incidentId: incident.id, text: `Bench note ${n}: checked the dashboards, error rate flat.` } },
  }));
  const result = await loadTest(peers, quick, { url: server.url, key, bodies, expect: '"addTimelineNote":{"id"' });
  // Every answered mutation must be a note in the store: at least the answers, warm-up included, and at most the
  // requests still in flight when the warm-up and the timed run stopped more. Notes are counted on the timelines,
  // since the server writes other entries meanwhile (process reminders of the generated incidents).
  let written = 0;
  for (const { id, version } of board.activeIncidents) {
    const { incident } = await graphql<Timeline>(server.url, key, TIMELINE, { id, after: version });
    written += incident.timeline.filter((entry) => entry.type === 'TimelineNoteAdded').length;
  }
  const answered = result.warmupRequests + result.requests;
  if (written < answered || written > answered + 2 * CONNECTIONS) {
    throw new Error(`${answered} notes answered, but ${written} notes were written`);
  }
  return { result, written, incidentIds: board.activeIncidents.map((incident) => incident.id) };
}
