import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { until } from './support/polling';
import { ASSIGN_ROLE, DECLARE, POST_UPDATE, RESOLVE } from './support/operations';
import { startSmtpReceiver, startWebhookReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Process reminders on the real server, its time driven by CLOCK_FILE: the
 * planner keeps a durable timer per reminder due, the timers fire under the
 * once-only lease, and every reminder sent is a ReminderSent entry on the
 * incident's timeline.
 */

const REMINDERS = `query($id: ID!) {
  incident(id: $id) {
    upcomingReminders { kind actionItemId dueAt }
    timeline { type reminderKind recipients summary occurredAt }
  }
}`;
const SNOOZE = `mutation($input: SnoozeReminderInput!) { snoozeReminder(input: $input) { id } }`;

interface Entry {
  type: string;
  reminderKind: string | null;
  recipients: string[] | null;
  summary: string;
}

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const minutes = (count: number) => T0 + count * 60_000;
const iso = (at: number) => new Date(at).toISOString();

describe('process reminders', () => {
  const dataDirs: string[] = [];
  const servers: RunningServer[] = [];

  /** A data directory with a clock file at T0, and a setter for it. */
  function ledger(): { dataDir: string; clockFile: string; setClock: (at: number) => void } {
    const dataDir = tempDataDir();
    dataDirs.push(dataDir);
    const clockFile = join(dataDir, 'clock');
    const setClock = (at: number) => writeFileSync(clockFile, iso(at));
    setClock(T0);
    return { dataDir, clockFile, setClock };
  }

  async function start(dataDir: string, clockFile: string, adminKey?: string, env: Record<string, string> = {}): Promise<RunningServer> {
    // The product's reminders (the tests' servers have them off by default).
    const server = await startServer({ dataDir, adminKey, env: { CLOCK_FILE: clockFile, REMINDER_POLICY: undefined, ...env } });
    servers.push(server);
    return server;
  }

  async function reminders(caller: Caller, id: string): Promise<{ upcoming: { kind: string; dueAt: string }[]; sent: Entry[]; timeline: Entry[] }> {
    const { incident } = await mustQuery(caller, REMINDERS, { id });
    // A server learns of another's writes a moment later.
    if (incident === null) return { upcoming: [], sent: [], timeline: [] };
    return { upcoming: incident.upcomingReminders, sent: incident.timeline.filter((entry: Entry) => entry.type === 'ReminderSent'), timeline: incident.timeline };
  }


  /** Several rounds of the planner and the timers (250 ms each): long enough for a reminder that would come to come. */
  const someRounds = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  const declare = async (caller: Caller, severity: string, extra: Record<string, unknown> = {}) =>
    (await mustQuery(caller, DECLARE, { input: { title: `${severity} checkout errors`, severity, ...extra } })).declareIncident.id as string;

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    dataDirs.forEach(removeDataDir);
  });

  it('plans what a SEV1 is due, sends the no-commander reminder at its due time and not before, once, to whoever declared it', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const ana = await server.as('ana');
    const id = await declare(ana, 'SEV1');

    const { upcoming } = await until(() => reminders(ana, id), (state) => state.upcoming.length === 3, 'the plan');
    expect(upcoming).toEqual([
      { kind: 'NO_COMMANDER', actionItemId: null, dueAt: iso(minutes(5)) },
      { kind: 'STATUS_UPDATE_EXTERNAL', actionItemId: null, dueAt: iso(minutes(30)) },
      { kind: 'STATUS_UPDATE_INTERNAL', actionItemId: null, dueAt: iso(minutes(30)) },
    ]);

    setClock(minutes(5) - 1);
    await someRounds();
    expect((await reminders(ana, id)).sent).toEqual([]);

    setClock(minutes(5));
    const { sent } = await until(() => reminders(ana, id), (state) => state.sent.length > 0, 'the reminder');
    expect(sent).toEqual([expect.objectContaining({ reminderKind: 'NO_COMMANDER', recipients: ['ana'], summary: expect.stringContaining('the incident has no commander') })]);
    setClock(minutes(6));
    await someRounds();
    const after = await reminders(ana, id);
    expect(after.sent).toHaveLength(1);
    expect(after.upcoming.map(({ kind }) => kind)).toEqual(['STATUS_UPDATE_EXTERNAL', 'STATUS_UPDATE_INTERNAL']);
  });

  it('stops a reminder once its condition is met, moves a status update reminder after each update, and repeats it while none comes', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const ana = await server.as('ana');
    const id = await declare(ana, 'SEV1');
    await until(() => reminders(ana, id), (state) => state.upcoming.length === 3, 'the plan');

    setClock(minutes(3));
    await mustQuery(ana, ASSIGN_ROLE, { input: { incidentId: id, role: 'INCIDENT_COMMANDER', responder: 'bob' } });
    await mustQuery(ana, ASSIGN_ROLE, { input: { incidentId: id, role: 'COMMUNICATIONS_LEAD', responder: 'carol' } });
    setClock(minutes(10));
    await mustQuery(ana, POST_UPDATE, { input: { incidentId: id, audience: 'EXTERNAL', message: 'Checkout fails for some card payments' } });
    await until(() => reminders(ana, id), (state) => state.upcoming.some((each) => each.kind === 'STATUS_UPDATE_EXTERNAL' && each.dueAt === iso(minutes(40))), 'the moved plan');

    setClock(minutes(31));
    const internal = await until(() => reminders(ana, id), (state) => state.sent.length > 0, 'the internal update reminder');
    // The commander heard it (there is no scribe); no one was told of a commander, nor of the external update just posted.
    expect(internal.sent.map(({ reminderKind, recipients }) => [reminderKind, recipients])).toEqual([['STATUS_UPDATE_INTERNAL', ['bob']]]);

    setClock(minutes(40));
    await until(() => reminders(ana, id), (state) => state.sent.length === 2, 'the external update reminder');
    setClock(minutes(61));
    const repeated = await until(() => reminders(ana, id), (state) => state.sent.length === 3, 'the repeated internal update reminder');
    expect(repeated.sent.map(({ reminderKind, recipients }) => [reminderKind, recipients])).toEqual([
      ['STATUS_UPDATE_INTERNAL', ['bob']],
      ['STATUS_UPDATE_EXTERNAL', ['carol']],
      ['STATUS_UPDATE_INTERNAL', ['bob']],
    ]);

    // Resolved: the status update reminders end; the report and the close are due later.
    await mustQuery(ana, RESOLVE, { input: { incidentId: id } });
    // The planner cancels the status update timers before it schedules the new ones: wait for the new plan, not an empty one.
    const resolved = await until(
      () => reminders(ana, id),
      (state) => state.upcoming.length === 2 && state.upcoming.every((each) => !each.kind.startsWith('STATUS_UPDATE')),
      'the plan after the resolution',
    );
    expect(resolved.upcoming).toEqual([
      { kind: 'REPORT_DUE', actionItemId: null, dueAt: iso(minutes(61 + 2 * 24 * 60)) },
      { kind: 'RESOLVED_NOT_CLOSED', actionItemId: null, dueAt: iso(minutes(61 + 3 * 24 * 60)) },
    ]);
  });

  it('gives SEV4 and SEV5 none, and a drill its reminders too', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const ana = await server.as('ana');
    const minor = await declare(ana, 'SEV4');
    const drill = await declare(ana, 'SEV2', { kind: 'DRILL' });
    await until(() => reminders(ana, drill), (state) => state.upcoming.length === 3, 'the drill plan');
    setClock(minutes(5));
    await until(() => reminders(ana, drill), (state) => state.sent.length === 1, 'the drill reminder');
    expect(await reminders(ana, minor)).toEqual(expect.objectContaining({ upcoming: [], sent: [] }));
  });

  it('snoozes a kind until a time: the timeline says so, and the reminder comes then', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const ana = await server.as('ana');
    const id = await declare(ana, 'SEV1', { commander: 'ana' });
    await until(() => reminders(ana, id), (state) => state.upcoming.length === 2, 'the plan');

    const tooLate = await graphql(ana, SNOOZE, { input: { incidentId: id, kind: 'STATUS_UPDATE_EXTERNAL', until: iso(minutes(8 * 24 * 60)) } });
    expect(tooLate.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await mustQuery(ana, SNOOZE, { input: { incidentId: id, kind: 'STATUS_UPDATE_EXTERNAL', until: iso(minutes(45)) } });
    await until(() => reminders(ana, id), (state) => state.upcoming.some((each) => each.kind === 'STATUS_UPDATE_EXTERNAL' && each.dueAt === iso(minutes(45))), 'the snoozed plan');

    setClock(minutes(31));
    await until(() => reminders(ana, id), (state) => state.sent.length === 1, 'the internal update reminder');
    setClock(minutes(44));
    await someRounds();
    expect((await reminders(ana, id)).sent.map(({ reminderKind }) => reminderKind)).toEqual(['STATUS_UPDATE_INTERNAL']);
    setClock(minutes(45));
    const { sent, timeline } = await until(() => reminders(ana, id), (state) => state.sent.length === 2, 'the snoozed reminder');
    expect(sent[1]).toEqual(expect.objectContaining({ reminderKind: 'STATUS_UPDATE_EXTERNAL', recipients: ['ana'] }));
    expect(timeline.find((entry) => entry.type === 'ReminderSnoozed')).toEqual(expect.objectContaining({ reminderKind: 'STATUS_UPDATE_EXTERNAL', summary: expect.stringContaining(`until ${iso(minutes(45))}`) }));
  });

  it('sends a reminder that fell due while the server was down once, at the next start', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    let server = await start(dataDir, clockFile);
    const adminKey = server.adminKey;
    let ana = await server.as('ana');
    const id = await declare(ana, 'SEV2');
    await until(() => reminders(ana, id), (state) => state.upcoming.length === 3, 'the plan');
    await server.stop();

    setClock(minutes(7));
    server = await start(dataDir, clockFile, adminKey);
    ana = await server.as('ana');
    await until(() => reminders(ana, id), (state) => state.sent.length > 0, 'the reminder after the restart');
    await someRounds();
    expect((await reminders(ana, id)).sent.map(({ reminderKind }) => reminderKind)).toEqual(['NO_COMMANDER']);
  });

  it('two servers on one store send each reminder once', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const a = await start(dataDir, clockFile);
    const b = await start(dataDir, clockFile, a.adminKey);
    const ids = [await declare(await a.as('ana'), 'SEV1'), await declare(await b.as('ana'), 'SEV2')];
    for (const id of ids) await until(() => reminders(a.admin, id), (state) => state.upcoming.length === 3, 'the plan');
    setClock(minutes(5));
    for (const id of ids) await until(() => reminders(b.admin, id), (state) => state.sent.length > 0, 'the reminder');
    await someRounds();
    for (const id of ids) expect((await reminders(b.admin, id)).sent).toHaveLength(1);
  });

  it('reaches the channels that hear reminders, labelled for a drill and linked to the console, and the person it is addressed to by email', async () => {
    const webhook = await startWebhookReceiver();
    const smtp = await startSmtpReceiver();
    const { dataDir, clockFile, setClock } = ledger();
    try {
      const server = await start(dataDir, clockFile, undefined, {
        LEDGER_SECRET_KEY: randomBytes(32).toString('base64'),
        NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
        NOTIFY_ALLOW_HTTP: 'true',
        SMTP_URL: smtp.url,
        SMTP_FROM: 'ledger@example.com',
        INCIDENT_URL_TEMPLATE: 'https://console.example.com/incidents/{id}',
      });
      const { createNotificationChannel } = await mustQuery(
        server.admin,
        `mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { signingSecret channel { id } } }`,
        { input: { name: 'Reminders', kind: 'WEBHOOK', url: webhook.url } },
      );
      webhook.setSecrets(createNotificationChannel.signingSecret);
      await mustQuery(server.admin, `mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { id } }`, {
        input: { channelId: createNotificationChannel.channel.id, preset: 'CUSTOM', kinds: ['REMINDER'] },
      });
      await mustQuery(server.admin, `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { name } }`, {
        input: { name: 'ana', timeZone: 'Europe/Berlin', contactMethods: { email: 'ana@example.com' } },
      });
      const ana = await server.as('ana');
      const id = await declare(ana, 'SEV2', { kind: 'DRILL' });
      await until(() => reminders(ana, id), (state) => state.upcoming.length === 3, 'the plan');

      setClock(minutes(5));
      const [delivered] = await webhook.waitFor((request) => request.verified, 15_000);
      const payload = JSON.parse(delivered.rawBody);
      expect(payload).toEqual(
        expect.objectContaining({
          type: 'incident.reminder_sent',
          data: expect.objectContaining({
            kind: 'REMINDER',
            summary: expect.stringContaining('the incident has no commander'),
            incident: expect.objectContaining({ id, drill: true }),
            link: `https://console.example.com/incidents/${id}`,
          }),
        }),
      );
      const [mail] = await smtp.waitFor((received) => received.to.includes('ana@example.com'), 15_000);
      expect(mail.subject).toContain('[DRILL]');
      expect(mail.text).toContain('the incident has no commander');
      expect(mail.html).toContain(`href="https://console.example.com/incidents/${id}"`);
    } finally {
      await Promise.all([webhook.close(), smtp.close()]);
    }
  });
});
