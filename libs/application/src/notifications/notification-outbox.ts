import {
  ANNOUNCEMENT_KINDS,
  CheckpointState,
  Clock,
  IncidentEvent,
  INCIDENT_STREAM_PREFIX,
  incidentEventCodec,
  IncidentKind,
  NotificationKind,
  NotificationMessage,
  OUTBOX_STREAM,
  outboxDecider,
  OutboxCheckpointed,
  outboxEventCodec,
  ReminderKind,
  SaveCheckpoint,
  SCHEDULE_STREAM_PREFIX,
  scheduleEventCodec,
  SubscriptionRecord,
} from '@incident-ledger/domain';
import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { incidentAtVersion, IncidentView, incidentViewMembers, NotificationsReadModel, TimelineEntry, toTimelineEntry } from '@incident-ledger/read-models';
import { CommandContext, CommandExecutor } from '../commands/command-executor';
import { DeliveryCommandExecutor } from './notifications-command.executor';
import { hearsOncallNotice, ONCALL_NOTICE_TYPES, OncallNoticeEvent, oncallNoticeKind, oncallNoticeMessage, OncallNoticeSchedule } from './oncall-notice-messages';
import { uuidFromName } from '../commands/deterministic-id';
import { PageLinks } from '../escalation/page-links';
import { pagedPeople, personalPageMessage, unacknowledgedMessage } from './page-messages';

/** The incident events a subscription can ask for by kind; every other timeline entry reaches only followers. */
const KIND_OF_EVENT: Readonly<Record<string, NotificationKind>> = {
  IncidentDeclared: 'DECLARED',
  IncidentSeverityChanged: 'SEVERITY_CHANGED',
  IncidentStatusChanged: 'STATUS_CHANGED',
  StatusUpdatePosted: 'STATUS_UPDATE_POSTED',
  ResponderAssigned: 'ROLE_ASSIGNED',
  IncidentResolved: 'RESOLVED',
  IncidentClosed: 'CLOSED',
  IncidentReportPublished: 'REPORT_PUBLISHED',
  ResponderPaged: 'PAGE',
  EscalationExhausted: 'UNACKNOWLEDGED',
};

/** How long at least between two checkpoints (a restart hears again what came after the last: it schedules nothing twice). */
const CHECKPOINT_EVERY_MS = 5_000;
/** Incident events heard at once: their deliveries are written together. */
const HEARD_TOGETHER = 32;
/** Events read in one round at most, so that a backlog does not keep the worker from sending. */
const EVENTS_PER_ROUND = 2_000;

export interface OutboxOptions {
  store: EventStore;
  clock: Clock;
  notifications: NotificationsReadModel;
  /** The owner teams of these services, from the catalogue (for owner-team filters). */
  ownerTeamsOf: (services: readonly string[]) => string[];
  /** The incident in the ledger, for a message's link; null when the server has no public URL. */
  linkTo: (incidentId: string) => string | null;
  /** Makes the link that acknowledges a page as its person (none when the server cannot sign one). */
  pageLinks: Pick<PageLinks, 'linkFor'>;
  /**
   * People are mailed what concerns them (the server has SMTP_URL): the
   * outbox then reads the log even without subscriptions, since anyone
   * assigned a role may be told.
   */
  mailsPeople: boolean;
  /** A person's email address in the catalogue, or null (no such person, or none given): who has none is sent nothing. */
  emailOf: (person: string) => string | null;
  /** An on-call schedule's name, owner team and zone, for its notices. */
  scheduleOf: (scheduleId: string) => OncallNoticeSchedule | undefined;
  /** A team's members, from the catalogue: a schedule's gap warning is mailed to its owning team. */
  membersOf: (team: string) => readonly string[];
}

/** A person's own contact methods stand in for a channel: deliveries to them name `person:<name>`, with no channel record. */
const PERSON_CHANNEL_PREFIX = 'person:';

export const personChannelId = (person: string) => `${PERSON_CHANNEL_PREFIX}${person}`;

/** The person a delivery's channel id names, or null for a channel. */
export function personOfChannel(channelId: string): string | null {
  return channelId.startsWith(PERSON_CHANNEL_PREFIX) ? channelId.slice(PERSON_CHANNEL_PREFIX.length) : null;
}

/**
 * Whom an event concerns personally, told on their own contact methods
 * whatever the subscriptions: whoever is given a role (by someone else; a
 * role taken oneself needs no telling), and whoever a reminder is addressed
 * to, and whoever is paged. Private incidents included: the people named
 * here are among their members (or own an action item of it), or were paged
 * to answer it.
 */
export function personalRecipients(event: IncidentEvent): string[] {
  if (event.type === 'ResponderAssigned' && event.data.responder !== event.data.by) return [event.data.responder];
  if (event.type === 'ReminderSent') return event.data.recipients;
  return pagedPeople(event);
}

/**
 * The delivery process's first half: it reads the log from its checkpoint
 * and turns each incident event a subscription hears into one delivery per
 * channel (a stream of its own, its id derived from the event and the
 * channel, so hearing an event again after a restart schedules nothing
 * twice). It runs under the once-only lease; commands never wait for it.
 * Subscriptions hear only what happened after they were made. Beside them,
 * people are told what concerns them (personalRecipients) on their own email.
 */
export class NotificationOutbox {
  private readonly deliveries: DeliveryCommandExecutor;
  private readonly checkpoints: CommandExecutor<SaveCheckpoint, OutboxCheckpointed, CheckpointState>;
  private position: number | undefined;
  private savedAt = 0;
  private savedPosition = 0;
  /** Whether an incident event was heard since the checkpoint was saved: other events (checkpoints, deliveries) are not worth a write. */
  private heardSinceSave = false;
  /** The log's head when this server started, read at once: where people who are mailed start listening, the first time. */
  private readonly startedAt: Promise<number | undefined>;

  constructor(private readonly options: OutboxOptions) {
    this.deliveries = new DeliveryCommandExecutor(options.store, options.clock);
    this.checkpoints = new CommandExecutor(options.store, options.clock, outboxDecider, outboxEventCodec, () => OUTBOX_STREAM);
    // Not at the first round: a role given in the moments before it (or before this server held the lease) would be missed.
    this.startedAt = options.mailsPeople ? options.store.headPosition().catch(() => undefined) : Promise.resolve(undefined);
  }

  /**
   * Reads what the log holds beyond the checkpoint; answers how many
   * deliveries it scheduled. With no subscription and nobody to mail there
   * is nothing to hear: it reads nothing and writes nothing, and forgets
   * where it was (the next subscription is heard from where it was made).
   */
  async catchUp(): Promise<number> {
    if (!this.listening) {
      this.forgetPosition();
      return 0;
    }
    if (this.position === undefined) await this.loadCheckpoint();
    // Written before the first delivery is scheduled: a restart then resumes here, not at a later head.
    if (this.savedPosition === 0) await this.saveCheckpoint(true);
    let scheduled = 0;
    let read = 0;
    let lastRead: number | undefined;
    let batch: RecordedEvent[] = [];
    const hearBatch = async () => {
      // Each delivery is a stream of its own: scheduled together, their writes share the store's group commits.
      for (const count of await Promise.all(batch.map((event) => this.hear(event)))) scheduled += count;
      if (batch.length > 0) this.heardSinceSave = true;
      batch = [];
      if (lastRead !== undefined) this.position = lastRead;
    };
    for await (const event of this.options.store.readAll({ after: this.position ?? 0 })) {
      if (heard(event)) batch.push(event);
      lastRead = event.position;
      if (batch.length >= HEARD_TOGETHER) await hearBatch();
      // A round ends after so many events: the worker sends what was scheduled, and the next round reads on.
      if (++read >= EVENTS_PER_ROUND) break;
    }
    await hearBatch();
    await this.saveCheckpoint(false);
    return scheduled;
  }

  /** This process lost the lease: another reads on from the stored checkpoint, and so will this one when it holds it again. */
  forgetPosition(): void {
    this.position = undefined;
    this.savedPosition = 0;
    this.heardSinceSave = false;
  }

  /**
   * Writes the position read to, once incident events were heard since the
   * last save and it was not written a moment ago (`force` writes anyway; a
   * last save at shutdown). A save after any event read would be read next
   * round, and saved again, for ever (and so would another process's).
   */
  async saveCheckpoint(force: boolean): Promise<void> {
    const position = this.position;
    // Without listeners the position matters to nobody: nothing is written for it.
    if (position === undefined || position <= this.savedPosition || !this.listening) return;
    if (!force && (!this.heardSinceSave || Date.now() - this.savedAt < CHECKPOINT_EVERY_MS)) return;
    await this.checkpoints.execute({ type: 'SaveCheckpoint', position }, outboxContext('checkpoint'));
    this.savedPosition = position;
    this.savedAt = Date.now();
    this.heardSinceSave = false;
  }

  /** Someone may hear what the log holds: a subscription, or people who are mailed what concerns them. */
  private get listening(): boolean {
    return this.options.mailsPeople || this.options.notifications.subscriptionCount > 0;
  }

  /**
   * Where to read on from: the checkpoint, or just before the oldest live
   * subscription when that is later or there is no checkpoint yet (nothing
   * earlier is heard by anyone, and nothing after it may be missed, however
   * late the first round runs). People who are mailed listen all along:
   * from the checkpoint, or the first time from when this server started.
   */
  private async loadCheckpoint(): Promise<void> {
    let stored: number | undefined;
    for await (const event of this.options.store.readStream(OUTBOX_STREAM)) stored = outboxEventCodec.decodeRecorded(event).data.position;
    const firstSubscribed = this.options.notifications.firstSubscribedPosition();
    const beforeFirst = firstSubscribed === null ? await this.options.store.headPosition() : firstSubscribed - 1;
    const peopleFrom = this.options.mailsPeople ? (stored ?? (await this.startedAt)) : undefined;
    const from = peopleFrom === undefined ? beforeFirst : Math.min(beforeFirst, peopleFrom);
    // The later of the two: a checkpoint from before every listener would only re-read what nobody hears.
    this.position = Math.max(stored ?? 0, from);
    this.savedPosition = stored ?? 0;
  }

  private hear(recorded: RecordedEvent): Promise<number> {
    return recorded.streamId.startsWith(SCHEDULE_STREAM_PREFIX) ? this.hearOncallNotice(recorded) : this.hearIncident(recorded);
  }

  /** A shift reminder (to the person) or a gap warning (to the owning team's members), and the channels subscribed to its kind. */
  private async hearOncallNotice(recorded: RecordedEvent): Promise<number> {
    const event = scheduleEventCodec.decodeRecorded(recorded) as OncallNoticeEvent;
    const schedule = this.options.scheduleOf(event.data.scheduleId);
    if (!schedule) return 0;
    const kind = oncallNoticeKind(event);
    const concerned = event.type === 'ShiftReminderSent' ? [event.data.person] : this.options.membersOf(schedule.ownerTeam);
    const people = this.options.mailsPeople ? concerned.filter((person) => this.options.emailOf(person) !== null) : [];
    const targets = new Map<string, string | null>(people.map((person) => [personChannelId(person), null]));
    for (const subscription of this.options.notifications.allSubscriptions()) {
      if (subscription.createdAt > event.data.at || subscription.preset === 'FOLLOW' || !subscription.kinds.includes(kind)) continue;
      const channel = this.options.notifications.channel(subscription.channelId);
      if (!channel || channel.disabled || targets.has(channel.id) || !hearsOncallNotice(subscription, schedule)) continue;
      targets.set(channel.id, subscription.id);
    }
    return this.scheduleDeliveries(recorded.id, null, targets, oncallNoticeMessage(event, schedule));
  }

  private async hearIncident(recorded: RecordedEvent): Promise<number> {
    const event = incidentEventCodec.decodeRecorded(recorded);
    const kind = kindOf(event);
    const incidentId = event.data.incidentId;
    // Times from the ledger's clock on both sides (the store's recording time may come from another).
    const candidates = [...this.options.notifications.allSubscriptions()].filter(
      (subscription) => subscription.createdAt <= event.data.at && hearsEventKind(subscription, kind, incidentId),
    );
    const people = this.options.mailsPeople ? personalRecipients(event).filter((person) => this.options.emailOf(person) !== null) : [];
    if (candidates.length === 0 && people.length === 0) return 0;
    const incident = await incidentAtVersion(this.options.store, incidentId, event.revision + 1);
    if (!incident) return 0;
    const entry = toTimelineEntry(event);
    // Each channel once, however many subscriptions hear the event: by channel id, the subscription that heard it.
    const channels = new Map<string, string | null>();
    for (const subscription of candidates) {
      const channel = this.options.notifications.channel(subscription.channelId);
      if (!channel || channel.disabled || channels.has(channel.id) || !this.passes(subscription, incident, entry)) continue;
      channels.set(channel.id, subscription.id);
    }
    const message = eventMessage(event, this.messageOf(kind, entry, incident));
    const persons = new Map<string, string | null>(people.map((person) => [personChannelId(person), null]));
    const toPeople = await this.scheduleDeliveries(event.id, incidentId, persons, this.personalMessage(event, message));
    return toPeople + (await this.scheduleDeliveries(event.id, incidentId, channels, message));
  }

  /**
   * What a person concerned is told. A page carries its acknowledgement link
   * to its person only: a channel is shared, and the link there would let
   * anyone who reads it acknowledge as that person, so channels get the
   * console's link.
   */
  private personalMessage(event: IncidentEvent, message: NotificationMessage): NotificationMessage {
    if (event.type !== 'ResponderPaged') return message;
    const { incidentId, pageId, person, at } = event.data;
    return personalPageMessage(event, message, this.options.pageLinks.linkFor({ incidentId, pageId, person, sentAt: at }));
  }

  /** One delivery per target (a channel by the subscription that heard the event, or a person), its id derived from the event and the target. */
  private async scheduleDeliveries(sourceEventId: string, incidentId: string | null, targets: ReadonlyMap<string, string | null>, message: NotificationMessage): Promise<number> {
    for (const [channelId, subscriptionId] of targets) {
      const deliveryId = uuidFromName(`delivery:${JSON.stringify([sourceEventId, channelId])}`);
      await this.deliveries.execute(
        { type: 'ScheduleDelivery', delivery: { deliveryId, channelId, subscriptionId, sourceEventId, incidentId, message, dueAt: this.options.clock.now().toISOString() } },
        outboxContext(deliveryId),
      );
    }
    return targets.size;
  }

  /** A subscription's filters, and who may hear a private incident: only follows made by its members. */
  private passes(subscription: SubscriptionRecord, incident: IncidentView, entry: TimelineEntry): boolean {
    const { filter } = subscription;
    if (incident.private && (subscription.preset !== 'FOLLOW' || !incidentViewMembers(incident).includes(subscription.createdBy))) return false;
    if (!filter.includeDrills && incident.kind === IncidentKind.DRILL) return false;
    if (filter.severities.length > 0 && !filter.severities.includes(incident.severity)) return false;
    if (filter.services.length > 0 && !incident.services.some((service) => filter.services.includes(service))) return false;
    if (filter.ownerTeams.length > 0 && !this.options.ownerTeamsOf(incident.services).some((team) => filter.ownerTeams.includes(team))) return false;
    if (filter.audiences.length > 0 && entry.audience !== null && !filter.audiences.includes(entry.audience)) return false;
    return true;
  }

  private messageOf(kind: NotificationKind | null, entry: TimelineEntry, incident: IncidentView): NotificationMessage {
    return {
      type: `incident.${snakeCase(entry.type.replace(/^Incident/, ''))}`,
      kind: kind ?? 'TIMELINE',
      occurredAt: entry.occurredAt,
      incident: {
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        services: incident.services,
        drill: incident.kind === IncidentKind.DRILL,
        commander: incident.commander,
      },
      summary: entry.summary,
      detail: entry.text,
      actor: entry.actor,
      link: this.options.linkTo(incident.id),
    };
  }
}

/** What the outbox acts on: incident events, and the on-call notices of schedules. */
function heard(event: RecordedEvent): boolean {
  if (event.streamId.startsWith(INCIDENT_STREAM_PREFIX)) return incidentEventCodec.knows(event.type);
  return event.streamId.startsWith(SCHEDULE_STREAM_PREFIX) && ONCALL_NOTICE_TYPES.has(event.type);
}

/** What a subscription asks to hear, for the event: an overdue action item has a kind of its own among the reminders. */
function kindOf(event: IncidentEvent): NotificationKind | null {
  if (event.type === 'ReminderSent') return event.data.reminderKind === ReminderKind.ACTION_ITEM_OVERDUE ? 'ACTION_ITEM_OVERDUE' : 'REMINDER';
  return KIND_OF_EVENT[event.type] ?? null;
}

/** Follows hear every entry of their incident; announcements, what announcements are now; the others, the kinds they name. */
function hearsEventKind(subscription: SubscriptionRecord, kind: NotificationKind | null, incidentId: string): boolean {
  if (subscription.preset === 'FOLLOW') return subscription.incidentId === incidentId;
  if (kind === null) return false;
  return (subscription.preset === 'ANNOUNCEMENTS' ? ANNOUNCEMENT_KINDS : subscription.kinds).includes(kind);
}

/** The words of an event that a channel hears differently from its timeline entry. */
function eventMessage(event: IncidentEvent, message: NotificationMessage): NotificationMessage {
  return event.type === 'EscalationExhausted' ? unacknowledgedMessage(event, message) : message;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function outboxContext(id: string): CommandContext {
  return { actor: 'notification-outbox', correlationId: `outbox-${id}` };
}
