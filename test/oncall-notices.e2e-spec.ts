import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql, mustQuery } from './support/graphql-client';
import { startSmtpReceiver, startWebhookReceiver } from './support/receivers';
import { removeDataDir, startServer, tempDataDir } from './support/server';

/**
 * On-call notices on the real server, its time driven by CLOCK_FILE, told
 * through a signed webhook channel (verified with the Standard Webhooks
 * reference package) and to people's own email (a real SMTP server): "your
 * shift starts in N hours" at each lead, a warning to the owning team when a
 * gap will open within 7 days, each exactly once.
 */

// Monday 22 March 2027, 00:00Z. Berlin moves to CEST on 28 March.
const T0 = '2027-03-22T00:00:00.000Z';

describe('on-call notices', () => {
  it('reminds people of their shifts (at the hours they chose) and warns the team of a gap, through channels and email, once each', async () => {
    const webhook = await startWebhookReceiver();
    const smtp = await startSmtpReceiver();
    const dataDir = tempDataDir();
    const clockFile = join(dataDir, 'clock');
    const setClock = (at: string) => writeFileSync(clockFile, at);
    setClock(T0);
    const server = await startServer({
      dataDir,
      env: {
        CLOCK_FILE: clockFile,
        SHIFT_REMINDERS: '24h,1h',
        GAP_WARNING_DAYS: '7',
        LEDGER_SECRET_KEY: randomBytes(32).toString('base64'),
        NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
        NOTIFY_ALLOW_HTTP: 'true',
        SMTP_URL: smtp.url,
        SMTP_FROM: 'ledger@example.com',
      },
    });
    try {
      const { admin } = server;
      const { createNotificationChannel } = await mustQuery(
        admin,
        `mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { signingSecret channel { id } } }`,
        { input: { name: 'On-call', kind: 'WEBHOOK', url: webhook.url } },
      );
      webhook.setSecrets(createNotificationChannel.signingSecret);
      await mustQuery(admin, `mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { id } }`, {
        input: { channelId: createNotificationChannel.channel.id, preset: 'CUSTOM', kinds: ['SHIFT_REMINDER', 'ONCALL_GAP'], ownerTeams: ['payments'] },
      });
      for (const name of ['ann', 'bob']) {
        await mustQuery(admin, `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { name } }`, {
          input: { name, timeZone: 'Europe/Berlin', contactMethods: { email: `${name}@example.com` } },
        });
      }
      await mustQuery(admin, `mutation { registerTeam(input: { slug: "payments", name: "Payments", members: ["ann", "bob"] }) { slug } }`);
      // ann's week from Monday 09:00 CET (08:00Z), bob's from the next Monday 09:00 CEST (07:00Z); the rota ends on 1 April at 00:00Z.
      await mustQuery(admin, `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`, {
        input: {
          id: 'payments-primary',
          name: 'Payments primary',
          ownerTeam: 'payments',
          timeZone: 'Europe/Berlin',
          layers: [{ name: 'Weekly', members: ['ann', 'bob'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2027-03-22', endsAt: '2027-04-01T00:00:00Z' }],
        },
      });

      const payloads = () => webhook.received.filter((request) => request.verified).map((request) => JSON.parse(request.rawBody));
      const summaries = (type: string) => payloads().filter((payload) => payload.type === type).map((payload) => payload.data.summary);
      const waitForSummaries = async (type: string, count: number) => {
        await webhook.waitFor((request) => request.verified && JSON.parse(request.rawBody).type === type, 15_000, count);
        return summaries(type);
      };

      // Eight hours before ann's first shift: the 24-hour reminder is due (late, and says so), the 1-hour one not yet.
      expect(await waitForSummaries('oncall.shift_reminder', 1)).toEqual(['ann: your on-call shift on Payments primary starts in 8 hours, at 2027-03-22 09:00 Europe/Berlin']);
      const [annMail] = await smtp.waitFor((mail) => mail.to.includes('ann@example.com'), 15_000);
      expect(annMail.text).toContain('starts in 8 hours, at 2027-03-22 09:00 Europe/Berlin');

      setClock('2027-03-22T07:00:00.000Z');
      expect((await waitForSummaries('oncall.shift_reminder', 2))[1]).toBe('ann: your on-call shift on Payments primary starts in 1 hour, at 2027-03-22 09:00 Europe/Berlin');

      // Seven days before the rota runs out, the team is warned of the gap: on the channel, and by email to each member.
      setClock('2027-03-25T00:00:01.000Z');
      expect(await waitForSummaries('oncall.gap_warning', 1)).toEqual(['Nobody is on call on Payments primary from 2027-04-01 02:00 Europe/Berlin']);
      const gapMails = await smtp.waitFor((mail) => mail.text?.includes('Nobody is on call') ?? false, 15_000, 2);
      expect(gapMails.flatMap((mail) => mail.to).sort()).toEqual(['ann@example.com', 'bob@example.com']);

      // bob chooses his own: 2 hours before, and nothing 24 hours before. His week starts at 09:00 CEST, 07:00Z.
      const bob = await server.as('bob');
      const refused = await graphql(bob, `mutation { setMyShiftReminders(hoursBefore: [0]) { hoursBefore } }`);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hoursBefore' });
      const { setMyShiftReminders } = await mustQuery(bob, `mutation { setMyShiftReminders(hoursBefore: [2]) { hoursBefore chosen sentByThisServer } }`);
      expect(setMyShiftReminders).toEqual({ hoursBefore: [2], chosen: true, sentByThisServer: true });
      expect((await mustQuery(server.admin, `{ myShiftReminders { hoursBefore chosen } }`)).myShiftReminders).toEqual({ hoursBefore: [24, 1], chosen: false });
      setClock('2027-03-28T07:00:00.000Z');
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(summaries('oncall.shift_reminder')).toHaveLength(2);
      setClock('2027-03-29T05:00:00.000Z');
      expect((await waitForSummaries('oncall.shift_reminder', 3))[2]).toBe('bob: your on-call shift on Payments primary starts in 2 hours, at 2027-03-29 09:00 Europe/Berlin');

      // Rounds go on every second: nothing is told twice.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(webhook.received.every((request) => request.verified)).toBe(true);
      expect(new Set(webhook.received.map((request) => request.webhookId)).size).toBe(webhook.received.length);
      expect(summaries('oncall.shift_reminder')).toHaveLength(3);
      expect(summaries('oncall.gap_warning')).toHaveLength(1);
      expect(payloads().every((payload) => payload.data.incident === null)).toBe(true);
    } finally {
      await server.stop();
      await Promise.all([webhook.close(), smtp.close()]);
      removeDataDir(dataDir);
    }
  }, 120_000);
});
