import {
  AffectedComponentStatus,
  ComponentStatus,
  INCIDENT_STREAM_PREFIX,
  IncidentEvent,
  incidentEventCodec,
  IncidentKind,
  IncidentStatus,
  MAINTENANCE_STREAM_PREFIX,
  MaintenanceEvent,
  maintenanceEventCodec,
  MaintenanceStatus,
  PUBLIC_IMPACTS,
  PUBLIC_INCIDENT_STREAM_PREFIX,
  PublicImpact,
  PublicIncidentEvent,
  publicIncidentEventCodec,
  PublicIncidentSettings,
  PublicIncidentStatus,
  REPORT_SECTIONS,
  ReportContent,
  STATUS_COMPONENT_STREAM_PREFIX,
  StatusComponentEvent,
  statusComponentEventCodec,
  StatusComponentSettings,
  UndecodableEventError,
  worseStatus,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { ComponentDay, isUnresolved, PageStatus, PublicComponent, PublicIncident, PublicMaintenance, PublicStatusPage, PublicUpdate } from './public-status-page';

const DAY_MS = 86_400_000;
/** How far back the page's history and uptime bars reach. */
export const STATUS_PAGE_HISTORY_DAYS = 90;

/** The incident facts the page needs: whether it may be shown at all, and its public status. */
const INCIDENT_TYPES_READ: ReadonlySet<string> = new Set([
  'IncidentDeclared',
  'IncidentVisibilityChanged',
  'IncidentStatusChanged',
  'IncidentResolved',
  'IncidentReopened',
  'IncidentClosed',
  'IncidentMerged',
  'StatusUpdatePosted',
  'IncidentReportDrafted',
  'IncidentReportPublished',
]);

interface ComponentRecord {
  id: string;
  isGroup: boolean;
  settings: StatusComponentSettings;
  createdAt: string;
  updatedAt: string;
  removed: boolean;
  /** What incidents and maintenance make of it, and when that last changed (an event's sequence number). */
  derived: ComponentStatus;
  derivedSeq: number;
  /** A state set by hand holds until the derived state next changes. */
  manual: { status: ComponentStatus; seq: number } | null;
  /** Its state over time, for the uptime bars: each entry holds from `at` (ms) to the next. */
  history: { at: number; status: ComponentStatus }[];
}

interface UpdateRecord {
  id: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  at: string;
  affected: PublicUpdate['affectedComponents'];
}

interface PublicationRecord extends PublicIncidentSettings {
  publicId: string;
  publishedAt: string;
  updatedAt: string;
  withdrawn: boolean;
  updates: UpdateRecord[];
  /** Each component's state as of the last public update: the next update names those that moved since. */
  statusAtLastUpdate: Map<string, ComponentStatus>;
  monitoringAt: string | null;
}

interface IncidentRecord {
  status: IncidentStatus;
  hidden: { private: boolean; drill: boolean };
  resolvedAt: string | null;
  externalReport: ReportContent | null;
  publication: PublicationRecord | null;
}

interface MaintenanceRecord {
  id: string;
  name: string;
  impact: PublicImpact;
  components: string[];
  status: MaintenanceStatus;
  cancelled: boolean;
  autoStart: boolean;
  autoComplete: boolean;
  scheduledFor: string;
  scheduledUntil: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  updates: UpdateRecord[];
}

export interface StatusPageState {
  seq: number;
  updatedAt: string | null;
  components: Map<string, ComponentRecord>;
  incidents: Map<string, IncidentRecord>;
  /** The incidents ever published: the only ones that can move a component. */
  published: Set<string>;
  maintenances: Map<string, MaintenanceRecord>;
}

export function emptyStatusPageState(): StatusPageState {
  return { seq: 0, updatedAt: null, components: new Map(), incidents: new Map(), published: new Set(), maintenances: new Map() };
}

/** Whether the page reads this event: its own streams' events, and the incident facts above. */
export function concernsStatusPage(event: Pick<RecordedEvent, 'streamId' | 'type'>): boolean {
  if (event.streamId.startsWith(INCIDENT_STREAM_PREFIX)) return INCIDENT_TYPES_READ.has(event.type);
  if (event.streamId.startsWith(STATUS_COMPONENT_STREAM_PREFIX)) return statusComponentEventCodec.knows(event.type);
  if (event.streamId.startsWith(PUBLIC_INCIDENT_STREAM_PREFIX)) return publicIncidentEventCodec.knows(event.type);
  if (event.streamId.startsWith(MAINTENANCE_STREAM_PREFIX)) return maintenanceEventCodec.knows(event.type);
  return false;
}

/** The time an event says it happened: what time travel cuts at. */
export function statusPageEventTime(event: RecordedEvent): string {
  return (event.data as { at: string }).at;
}

/**
 * Folds one event into the page's state (in place: the state is the read
 * model's own). Pure otherwise: the same events give the same page, which is
 * what lets `statusPage(asOf)` answer what the page said at any instant.
 */
export function applyToStatusPage(state: StatusPageState, recorded: RecordedEvent): void {
  if (!concernsStatusPage(recorded)) return;
  state.seq += 1;
  const at = statusPageEventTime(recorded);
  if (recorded.streamId.startsWith(INCIDENT_STREAM_PREFIX)) {
    const event = decodeIncidentEvent(recorded);
    if (event) applyIncident(state, event, recorded.id);
  }
  else if (recorded.streamId.startsWith(STATUS_COMPONENT_STREAM_PREFIX)) applyComponent(state, statusComponentEventCodec.decodeRecorded(recorded));
  else if (recorded.streamId.startsWith(PUBLIC_INCIDENT_STREAM_PREFIX)) applyPublication(state, publicIncidentEventCodec.decodeRecorded(recorded), recorded.id);
  else applyMaintenance(state, maintenanceEventCodec.decodeRecorded(recorded), recorded.id);
  if (isPublicChange(state, recorded)) state.updatedAt = at;
}

/**
 * An incident event the page can read, or null for one that cannot be read.
 * That one stops the incidents read model, which says so (/health); the
 * public page, read hardest during an outage, keeps serving what it knows
 * rather than stopping with it.
 */
function decodeIncidentEvent(recorded: RecordedEvent): IncidentEvent | null {
  try {
    return incidentEventCodec.decodeRecorded(recorded);
  } catch (error) {
    if (error instanceof UndecodableEventError) return null;
    throw error;
  }
}

/** Whatever happens on the page's own streams changes the page; an incident's events only once it is published. */
function isPublicChange(state: StatusPageState, recorded: RecordedEvent): boolean {
  if (!recorded.streamId.startsWith(INCIDENT_STREAM_PREFIX)) return true;
  const incident = state.incidents.get((recorded.data as { incidentId: string }).incidentId);
  return incident !== undefined && isShown(incident);
}

function applyComponent(state: StatusPageState, event: StatusComponentEvent): void {
  const { componentId, at } = event.data;
  if (event.type === 'StatusComponentCreated') {
    const { componentId: _id, isGroup, at: _at, by: _by, ...settings } = event.data;
    state.components.set(componentId, { id: componentId, isGroup, settings, createdAt: at, updatedAt: at, removed: false, derived: 'operational', derivedSeq: 0, manual: null, history: [{ at: Date.parse(at), status: 'operational' }] });
    // Publications and maintenance may name a component before it exists: it starts as they say.
    recompute(state, [componentId], at);
    return;
  }
  const component = state.components.get(componentId);
  if (!component) return;
  component.updatedAt = at;
  switch (event.type) {
    case 'StatusComponentChanged':
      component.settings = { ...component.settings, ...event.data.changes };
      return;
    case 'ComponentStatusSet':
      component.manual = { status: event.data.status, seq: state.seq };
      recordStatus(component, at);
      return;
    case 'StatusComponentRemoved':
      component.removed = true;
      return;
  }
}

function applyPublication(state: StatusPageState, event: PublicIncidentEvent, eventId: string): void {
  const { incidentId, at } = event.data;
  const incident = incidentRecord(state, incidentId);
  const before = incident.publication?.components.map((component) => component.componentId) ?? [];
  switch (event.type) {
    case 'IncidentPublished': {
      const { name, impact, components, publicId, message } = event.data;
      const statusAtLastUpdate = new Map(components.map(({ componentId }) => [componentId, effectiveStatus(state, componentId)]));
      state.published.add(incidentId);
      incident.publication = { name, impact, components, publicId, publishedAt: at, updatedAt: at, withdrawn: false, updates: [], statusAtLastUpdate, monitoringAt: incident.status === IncidentStatus.MONITORING ? at : null };
      recompute(state, componentIdsOf(components), at);
      addUpdate(state, incident, { id: eventId, status: publicStatusOf(incident), body: message, at });
      return;
    }
    case 'PublicIncidentChanged': {
      const publication = incident.publication;
      if (!publication) return;
      Object.assign(publication, event.data.changes);
      publication.updatedAt = at;
      if (event.data.changes.components) recompute(state, [...before, ...componentIdsOf(publication.components)], at);
      return;
    }
    case 'PublicIncidentWithdrawn': {
      if (!incident.publication) return;
      incident.publication.withdrawn = true;
      recompute(state, before, at);
      return;
    }
  }
}

function applyIncident(state: StatusPageState, event: IncidentEvent, eventId: string): void {
  const incident = incidentRecord(state, event.data.incidentId);
  const movedComponents = movesComponents(incident);
  switch (event.type) {
    case 'IncidentDeclared':
      incident.hidden = { private: event.data.private, drill: event.data.kind === IncidentKind.DRILL };
      break;
    case 'IncidentVisibilityChanged':
      incident.hidden = { ...incident.hidden, private: event.data.private };
      break;
    case 'IncidentStatusChanged':
      incident.status = event.data.to;
      if (event.data.to === IncidentStatus.MONITORING && incident.publication && incident.publication.monitoringAt === null) incident.publication.monitoringAt = event.data.at;
      break;
    case 'IncidentResolved':
      incident.status = IncidentStatus.RESOLVED;
      incident.resolvedAt = event.data.at;
      break;
    case 'IncidentReopened':
      incident.status = IncidentStatus.INVESTIGATING;
      incident.resolvedAt = null;
      break;
    case 'IncidentClosed':
    case 'IncidentMerged':
      incident.resolvedAt ??= event.data.at;
      incident.status = IncidentStatus.CLOSED;
      break;
    case 'StatusUpdatePosted':
      if (event.data.audience === 'EXTERNAL' && incident.publication && !incident.publication.withdrawn) {
        addUpdate(state, incident, { id: eventId, status: publicStatusOf(incident), body: event.data.message, at: event.data.at });
      }
      return;
    case 'IncidentReportDrafted':
      incident.externalReport = event.data.external;
      return;
    case 'IncidentReportPublished':
      publishPostmortem(state, incident, eventId, event.data.at);
      return;
    default:
      return;
  }
  if (incident.publication && movedComponents !== movesComponents(incident)) recompute(state, componentIdsOf(incident.publication.components), event.data.at);
}

/** The external report, once published, is the incident's last public update; a later revision replaces it. */
function publishPostmortem(state: StatusPageState, incident: IncidentRecord, eventId: string, at: string): void {
  const publication = incident.publication;
  const body = reportText(incident.externalReport);
  if (!publication || publication.withdrawn || body === null) return;
  publication.updates = publication.updates.filter((update) => update.status !== 'postmortem');
  addUpdate(state, incident, { id: eventId, status: 'postmortem', body, at });
}

/** The external report as plain text: each written section under its name. */
function reportText(report: ReportContent | null): string | null {
  if (!report) return null;
  const sections = REPORT_SECTIONS.filter((section) => report[section]).map((section) => `${sectionTitle(section)}\n${report[section]}`);
  return sections.length === 0 ? null : sections.join('\n\n');
}

function sectionTitle(section: string): string {
  const words = section.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function applyMaintenance(state: StatusPageState, event: MaintenanceEvent, eventId: string): void {
  const { maintenanceId, at } = event.data;
  if (event.type === 'MaintenanceScheduled') {
    const { name, impact, components, scheduledFor, scheduledUntil, message, autoStart, autoComplete } = event.data;
    const record: MaintenanceRecord = { id: maintenanceId, name, impact, components, status: 'scheduled', cancelled: false, autoStart, autoComplete, scheduledFor, scheduledUntil, createdAt: at, updatedAt: at, startedAt: null, completedAt: null, updates: [] };
    state.maintenances.set(maintenanceId, record);
    record.updates.unshift({ id: eventId, status: 'scheduled', body: message, at, affected: null });
    return;
  }
  const maintenance = state.maintenances.get(maintenanceId);
  if (!maintenance) return;
  maintenance.updatedAt = at;
  switch (event.type) {
    case 'MaintenanceUpdated': {
      const wasActive = isActiveStatus(maintenance.status);
      maintenance.status = event.data.status;
      if (event.data.status !== 'scheduled') maintenance.startedAt ??= at;
      if (event.data.status === 'completed') maintenance.completedAt = at;
      const before = new Map(maintenance.components.map((id) => [id, effectiveStatus(state, id)]));
      if (wasActive !== isActiveStatus(maintenance.status)) recompute(state, maintenance.components, at);
      const affected = maintenance.components.filter((id) => before.get(id) !== effectiveStatus(state, id)).map((id) => affectedComponent(state, id, before.get(id) ?? 'operational'));
      maintenance.updates.unshift({ id: eventId, status: event.data.status, body: event.data.message, at, affected: affected.length > 0 ? affected : null });
      return;
    }
    case 'MaintenanceRescheduled':
      maintenance.scheduledFor = event.data.scheduledFor;
      maintenance.scheduledUntil = event.data.scheduledUntil;
      return;
    case 'MaintenanceCancelled':
      maintenance.cancelled = true;
      return;
  }
}

/** The moves the ledger makes on time that are due at `now`: a start at `scheduledFor`, a completion at `scheduledUntil`. */
export function dueMaintenanceMoves(state: StatusPageState, now: Date): DueMaintenanceMove[] {
  const time = now.getTime();
  return [...state.maintenances.values()].flatMap((maintenance): DueMaintenanceMove[] => {
    if (maintenance.cancelled) return [];
    if (maintenance.status === 'scheduled' && maintenance.autoStart && Date.parse(maintenance.scheduledFor) <= time) return [{ maintenanceId: maintenance.id, from: 'scheduled', to: 'in_progress', dueAt: maintenance.scheduledFor }];
    if (isActiveStatus(maintenance.status) && maintenance.autoComplete && Date.parse(maintenance.scheduledUntil) <= time) return [{ maintenanceId: maintenance.id, from: maintenance.status, to: 'completed', dueAt: maintenance.scheduledUntil }];
    return [];
  });
}

export interface DueMaintenanceMove {
  maintenanceId: string;
  from: MaintenanceStatus;
  to: 'in_progress' | 'completed';
  /** The instant it was due: with the move, what names it once across retries and servers. */
  dueAt: string;
}

function isActiveStatus(status: MaintenanceStatus): boolean {
  return status === 'in_progress' || status === 'verifying';
}

function incidentRecord(state: StatusPageState, incidentId: string): IncidentRecord {
  let incident = state.incidents.get(incidentId);
  if (!incident) {
    incident = { status: IncidentStatus.INVESTIGATING, hidden: { private: false, drill: false }, resolvedAt: null, externalReport: null, publication: null };
    state.incidents.set(incidentId, incident);
  }
  return incident;
}

/** Shown and unresolved: its components are in the state it gives them. */
function movesComponents(incident: IncidentRecord): boolean {
  return isShown(incident) && isUnresolvedIncident(incident);
}

function isUnresolvedIncident(incident: IncidentRecord): boolean {
  return incident.status !== IncidentStatus.RESOLVED && incident.status !== IncidentStatus.CLOSED;
}

/** On the page: published, not withdrawn, and neither private nor a drill (whatever its publication says). */
function isShown(incident: IncidentRecord): boolean {
  return incident.publication !== null && !incident.publication.withdrawn && !incident.hidden.private && !incident.hidden.drill;
}

function publicStatusOf(incident: IncidentRecord): PublicIncidentStatus {
  if (incident.publication?.updates.some((update) => update.status === 'postmortem')) return 'postmortem';
  switch (incident.status) {
    case IncidentStatus.INVESTIGATING:
      return 'investigating';
    case IncidentStatus.IDENTIFIED:
      return 'identified';
    case IncidentStatus.MONITORING:
      return 'monitoring';
    default:
      return 'resolved';
  }
}

function componentIdsOf(components: readonly AffectedComponentStatus[]): string[] {
  return components.map((component) => component.componentId);
}

/** A public update, naming the components whose state moved since the incident's previous one. */
function addUpdate(state: StatusPageState, incident: IncidentRecord, update: Omit<UpdateRecord, 'affected'>): void {
  const publication = incident.publication;
  if (!publication) return;
  const ids = new Set([...publication.statusAtLastUpdate.keys(), ...componentIdsOf(publication.components)]);
  const affected = [...ids].filter((id) => state.components.has(id)).flatMap((id) => {
    const old = publication.statusAtLastUpdate.get(id) ?? 'operational';
    const now = effectiveStatus(state, id);
    publication.statusAtLastUpdate.set(id, now);
    return old === now ? [] : [affectedComponent(state, id, old)];
  });
  publication.updates.unshift({ ...update, affected: affected.length > 0 ? affected : null });
  publication.updatedAt = update.at;
}

function affectedComponent(state: StatusPageState, id: string, oldStatus: ComponentStatus): NonNullable<PublicUpdate['affectedComponents']>[number] {
  return { id, name: state.components.get(id)?.settings.name ?? id, oldStatus, newStatus: effectiveStatus(state, id) };
}

/** What incidents and maintenance make of a component now: the worst of them, operational if none. */
function derivedStatus(state: StatusPageState, componentId: string): ComponentStatus {
  let status: ComponentStatus = 'operational';
  for (const incidentId of state.published) {
    const incident = state.incidents.get(incidentId)!;
    if (!movesComponents(incident)) continue;
    const affected = incident.publication?.components.find((component) => component.componentId === componentId);
    if (affected) status = worseStatus(status, affected.status);
  }
  for (const maintenance of state.maintenances.values()) {
    if (!maintenance.cancelled && isActiveStatus(maintenance.status) && maintenance.components.includes(componentId)) status = worseStatus(status, 'under_maintenance');
  }
  return status;
}

function effectiveStatus(state: StatusPageState, componentId: string): ComponentStatus {
  const component = state.components.get(componentId);
  if (!component) return 'operational';
  return component.manual !== null && component.manual.seq > component.derivedSeq ? component.manual.status : component.derived;
}

/** After an incident or a maintenance moved these components (published, changed, resolved, started, ended…): their derived state again, and their history if it moved. */
function recompute(state: StatusPageState, componentIds: Iterable<string>, at: string): void {
  for (const id of new Set(componentIds)) {
    const component = state.components.get(id);
    if (!component) continue;
    // An incident or a maintenance moved it: that replaces a state set by hand, as the last word.
    component.derived = derivedStatus(state, id);
    component.derivedSeq = state.seq;
    recordStatus(component, at);
  }
}

function recordStatus(component: ComponentRecord, at: string): void {
  const status = component.manual !== null && component.manual.seq > component.derivedSeq ? component.manual.status : component.derived;
  const last = component.history[component.history.length - 1];
  if (last.status === status) return;
  component.updatedAt = at;
  const time = Date.parse(at);
  // Two moves at one instant: the later one is what the page showed.
  if (last.at === time) component.history[component.history.length - 1] = { at: time, status };
  else component.history.push({ at: time, status });
}

/** The page as the public sees it at `asOf` (from a state folded up to `asOf`). */
export function publicStatusPage(state: StatusPageState, asOf: Date): PublicStatusPage {
  const components = publicComponents(state, asOf);
  const since = asOf.getTime() - STATUS_PAGE_HISTORY_DAYS * DAY_MS;
  const incidents = [...state.published]
    .map((incidentId) => state.incidents.get(incidentId)!)
    .filter(isShown)
    .map((incident) => publicIncident(state, incident))
    .filter((incident) => isUnresolved(incident) || Date.parse(incident.createdAt) >= since)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  const maintenances = [...state.maintenances.values()]
    .filter((maintenance) => !maintenance.cancelled && (maintenance.completedAt === null || Date.parse(maintenance.completedAt) >= since))
    .map((maintenance) => publicMaintenance(state, maintenance))
    .sort((a, b) => b.scheduledFor.localeCompare(a.scheduledFor) || a.id.localeCompare(b.id));
  return { asOf: asOf.toISOString(), updatedAt: state.updatedAt ?? asOf.toISOString(), status: pageStatus(components, incidents), components, incidents, maintenances };
}

function publicIncident(state: StatusPageState, incident: IncidentRecord): PublicIncident {
  const publication = incident.publication!;
  return {
    id: publication.publicId,
    name: publication.name,
    status: publicStatusOf(incident),
    impact: publication.impact,
    createdAt: publication.publishedAt,
    updatedAt: publication.updatedAt,
    startedAt: publication.publishedAt,
    monitoringAt: publication.monitoringAt,
    resolvedAt: isUnresolvedIncident(incident) ? null : incident.resolvedAt,
    updates: publication.updates.map((update) => publicUpdate(state, update)),
    componentIds: pageOrder(state, componentIdsOf(publication.components)),
  };
}

function publicMaintenance(state: StatusPageState, maintenance: MaintenanceRecord): PublicMaintenance {
  const { id, name, status, impact, createdAt, updatedAt, scheduledFor, scheduledUntil, startedAt, completedAt } = maintenance;
  return { id, name, status, impact, createdAt, updatedAt, scheduledFor, scheduledUntil, startedAt, completedAt, updates: maintenance.updates.map((update) => publicUpdate(state, update)), componentIds: pageOrder(state, maintenance.components) };
}

/** Removed components drop out of updates too. */
function publicUpdate(state: StatusPageState, update: UpdateRecord): PublicUpdate {
  const affected = update.affected?.filter((component) => isOnPage(state, component.id)) ?? null;
  return { id: update.id, status: update.status, body: update.body, at: update.at, affectedComponents: affected && affected.length > 0 ? affected : null };
}

function isOnPage(state: StatusPageState, componentId: string): boolean {
  const component = state.components.get(componentId);
  return component !== undefined && !component.removed;
}

/** Top level by position (then name), each group followed by its components. */
function orderedComponents(state: StatusPageState): ComponentRecord[] {
  const live = [...state.components.values()].filter((component) => !component.removed);
  const byPosition = (a: ComponentRecord, b: ComponentRecord) => a.settings.position - b.settings.position || a.settings.name.localeCompare(b.settings.name) || a.id.localeCompare(b.id);
  const groups = new Set(live.filter((component) => component.isGroup).map((component) => component.id));
  const inGroup = (component: ComponentRecord) => component.settings.groupId !== null && groups.has(component.settings.groupId);
  return live
    .filter((component) => !inGroup(component))
    .sort(byPosition)
    .flatMap((top) => (top.isGroup ? [top, ...live.filter((component) => component.settings.groupId === top.id).sort(byPosition)] : [top]));
}

function pageOrder(state: StatusPageState, ids: readonly string[]): string[] {
  const wanted = new Set(ids);
  return orderedComponents(state)
    .filter((component) => wanted.has(component.id))
    .map((component) => component.id);
}

function publicComponents(state: StatusPageState, asOf: Date): PublicComponent[] {
  const ordered = orderedComponents(state);
  const groupIds = new Set(ordered.filter((component) => component.isGroup).map((component) => component.id));
  const members = (groupId: string) => ordered.filter((component) => component.settings.groupId === groupId);
  return ordered.map((component) => {
    const children = component.isGroup ? members(component.id) : [];
    const status = component.isGroup ? children.map((child) => effectiveStatus(state, child.id)).reduce(worseStatus, 'operational') : effectiveStatus(state, component.id);
    const updatedAt = [component, ...children].map((c) => c.updatedAt).reduce((a, b) => (a > b ? a : b));
    return {
      id: component.id,
      name: component.settings.name,
      description: component.settings.description,
      status,
      position: component.settings.position,
      groupId: component.settings.groupId !== null && groupIds.has(component.settings.groupId) ? component.settings.groupId : null,
      isGroup: component.isGroup,
      componentIds: children.map((child) => child.id),
      onlyShowIfDegraded: component.settings.onlyShowIfDegraded,
      createdAt: component.createdAt,
      updatedAt,
      uptimeDays: component.isGroup ? [] : uptimeDays(component, asOf),
    };
  });
}

/** The last 90 UTC days up to `asOf`: each day's share of time up (operational or in planned maintenance) and its worst state. */
function uptimeDays(component: Pick<ComponentRecord, 'history'>, asOf: Date): ComponentDay[] {
  const end = asOf.getTime();
  const lastDay = Math.floor(end / DAY_MS) * DAY_MS;
  const firstDay = lastDay - (STATUS_PAGE_HISTORY_DAYS - 1) * DAY_MS;
  // Only the state the window opens in and what came after: a component's history grows for ever, the bar does not.
  const history = component.history.slice(Math.max(0, component.history.findLastIndex((entry) => entry.at <= firstDay)));
  const days: ComponentDay[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    days.push(dayOf(history, day, Math.min(day + DAY_MS, end)));
  }
  return days;
}

function dayOf(history: readonly { at: number; status: ComponentStatus }[], from: number, to: number): ComponentDay {
  const date = new Date(from).toISOString().slice(0, 10);
  // Created after the day (or the instant shown): no bar for that day.
  if (history[0].at > from && history[0].at >= to) return { date, uptime: null, worstStatus: null };
  let covered = 0;
  let up = 0;
  let worst: ComponentStatus | null = null;
  history.forEach((entry, i) => {
    const start = Math.max(entry.at, from);
    const stop = Math.min(history[i + 1]?.at ?? Infinity, to);
    if (stop <= start) return;
    covered += stop - start;
    if (isUp(entry.status)) up += stop - start;
    worst = worst === null ? entry.status : worseStatus(worst, entry.status);
  });
  // The instant shown is midnight: the day so far is that instant.
  if (worst === null) {
    const status = history.filter((entry) => entry.at <= from).pop()?.status ?? history[0].status;
    return { date, uptime: isUp(status) ? 1 : 0, worstStatus: status };
  }
  return { date, uptime: up / covered, worstStatus: worst };
}

/** Planned maintenance is not downtime. */
function isUp(status: ComponentStatus): boolean {
  return status === 'operational' || status === 'under_maintenance';
}

const COMPONENT_INDICATOR: Readonly<Record<ComponentStatus, { indicator: PublicImpact; description: string }>> = {
  operational: { indicator: 'none', description: 'All Systems Operational' },
  under_maintenance: { indicator: 'none', description: 'Service Under Maintenance' },
  degraded_performance: { indicator: 'minor', description: 'Partially Degraded Service' },
  partial_outage: { indicator: 'major', description: 'Partial System Outage' },
  major_outage: { indicator: 'critical', description: 'Major System Outage' },
};

const INCIDENT_DESCRIPTION: Readonly<Record<PublicImpact, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

/**
 * The page's one line, as Statuspage computes it: the worst of its
 * components' states and of its unresolved incidents' impacts; maintenance
 * says so when nothing is worse.
 */
function pageStatus(components: readonly PublicComponent[], incidents: readonly PublicIncident[]): PageStatus {
  const states = components.filter((component) => !component.isGroup).map((component) => component.status);
  const worstComponent = COMPONENT_INDICATOR[states.reduce(worseStatus, 'operational')];
  const impacts = incidents.filter(isUnresolved).map((incident) => incident.impact);
  const worstImpact = impacts.reduce<PublicImpact>((a, b) => (PUBLIC_IMPACTS.indexOf(b) > PUBLIC_IMPACTS.indexOf(a) ? b : a), 'none');
  if (PUBLIC_IMPACTS.indexOf(worstImpact) > PUBLIC_IMPACTS.indexOf(worstComponent.indicator)) return { indicator: worstImpact, description: INCIDENT_DESCRIPTION[worstImpact] };
  return worstComponent;
}
