// The receivers the notification tests deliver to, exercised with real clients:
// if they accepted anything, those tests would prove nothing.
import { connect } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { SLACK_MAX_BLOCKS } from './support/chat-payloads';
import { startSlackReceiver, startSmtpReceiver, startTeamsReceiver, startWebhookReceiver } from './support/receivers';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

function post(url: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal });
}

/** The three Standard Webhooks headers, signed by the reference package itself. */
function signed(body: string, secrets: string[] = [SECRET], id = 'msg_1', at = new Date()): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signatures.join(' ') };
}

describe('webhook receiver', () => {
  const body = JSON.stringify({ type: 'incident.declared', timestamp: '2026-01-01T00:00:00Z', data: { id: 'inc-1' } });

  it('verifies a delivery signed with the reference package and records what arrived', async () => {
    const receiver = await startWebhookReceiver({ secrets: [SECRET] });
    try {
      const response = await post(receiver.url, body, signed(body));
      expect(response.status).toBe(200);
      const [request] = await receiver.waitFor();
      expect(request).toMatchObject({ method: 'POST', rawBody: body, json: JSON.parse(body), webhookId: 'msg_1', verified: true, verifiedWith: [SECRET], status: 200 });
      expect(request.webhookSignature).toMatch(/^v1,/);
      expect(request.webhookTimestamp).toMatch(/^\d+$/);
      expect(request.receivedAt).toBeInstanceOf(Date);
    } finally {
      await receiver.close();
    }
  });

  it('refuses with 401 what does not verify: no secret yet, a tampered body, a wrong secret, a stale timestamp', async () => {
    const receiver = await startWebhookReceiver();
    try {
      expect((await post(receiver.url, body, signed(body))).status).toBe(401);
      receiver.setSecrets(SECRET);
      const tamperedBody = body.replace('inc-1', 'inc-2');
      expect((await post(receiver.url, tamperedBody, signed(body))).status).toBe(401);
      expect((await post(receiver.url, body, signed(body, [OTHER_SECRET]))).status).toBe(401);
      expect((await post(receiver.url, body, signed(body, [SECRET], 'msg_1', new Date(Date.now() - 10 * 60_000)))).status).toBe(401);
      expect((await post(receiver.url, body, signed(body))).status).toBe(200);

      const failures = receiver.received.map((request) => [request.verified, request.failure]);
      expect(failures).toEqual([
        [false, expect.stringContaining('no secret')],
        [false, 'No matching signature found'],
        [false, 'No matching signature found'],
        [false, 'Message timestamp too old'],
        [true, undefined],
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('answers unverified requests as scripted when told to accept them', async () => {
    const receiver = await startWebhookReceiver({ acceptUnverified: true });
    try {
      expect((await post(receiver.url, body)).status).toBe(200);
      expect(receiver.received[0]).toMatchObject({ verified: false, failure: expect.stringContaining('no secret') });
    } finally {
      await receiver.close();
    }
  });

  it('verifies with either secret while a rotated one lives', async () => {
    const receiver = await startWebhookReceiver({ secrets: [SECRET, OTHER_SECRET] });
    try {
      await post(receiver.url, body, signed(body, [OTHER_SECRET, SECRET]));
      await post(receiver.url, body, signed(body, [SECRET]));
      expect(receiver.received.map((request) => request.verifiedWith)).toEqual([[SECRET, OTHER_SECRET], [SECRET]]);
    } finally {
      await receiver.close();
    }
  });

  it('answers as scripted (500, 500, 200), then the default; with Retry-After and 410 Gone', async () => {
    const receiver = await startWebhookReceiver({ secrets: [SECRET], answers: [500, 500, 200, { status: 503, retryAfter: 7 }, { status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' }] });
    try {
      const responses = [];
      for (let attempt = 0; attempt < 6; attempt++) responses.push(await post(receiver.url, body, signed(body)));
      expect(responses.map((response) => response.status)).toEqual([500, 500, 200, 503, 429, 200]);
      expect(responses[3].headers.get('retry-after')).toBe('7');
      expect(responses[4].headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
      expect(responses[0].headers.get('retry-after')).toBeNull();
      expect(receiver.received.map((request) => request.status)).toEqual([500, 500, 200, 503, 429, 200]);

      receiver.script([], 410);
      expect((await post(receiver.url, body, signed(body))).status).toBe(410);
      expect((await post(receiver.url, body, signed(body))).status).toBe(410);
    } finally {
      await receiver.close();
    }
  });

  it('answers late when told to, so that a client times out, and still records the attempt', async () => {
    const receiver = await startWebhookReceiver({ secrets: [SECRET], answers: [{ status: 200, delayMs: 5_000 }] });
    try {
      await expect(post(receiver.url, body, signed(body), AbortSignal.timeout(100))).rejects.toThrow();
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('waitFor resolves when matching requests arrive and rejects after its timeout, saying what arrived', async () => {
    const receiver = await startWebhookReceiver({ secrets: [SECRET] });
    try {
      const twoDeclared = receiver.waitFor((request) => (request.json as { type: string }).type === 'incident.declared', 2_000, 2);
      await post(receiver.url, body, signed(body, [SECRET], 'msg_1'));
      await post(receiver.url, body, signed(body, [SECRET], 'msg_2'));
      expect((await twoDeclared).map((request) => request.webhookId)).toEqual(['msg_1', 'msg_2']);

      await expect(receiver.waitFor((request) => request.webhookId === 'msg_3', 50)).rejects.toThrow(/waited 50 ms for 1 matching; 2 arrived:\n {2}POST \/ -> 200/);
    } finally {
      await receiver.close();
    }
  });
});

describe('Slack receiver', () => {
  const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const message = (blocks: unknown[]) => JSON.stringify({ text: 'SEV1 declared: checkout down', blocks });

  it('answers 200 ok to a message with a text fallback and valid blocks', async () => {
    const receiver = await startSlackReceiver();
    try {
      const blocks = [header('SEV1 declared'), section('*Checkout* is down'), { type: 'divider' }, { type: 'context', elements: [{ type: 'mrkdwn', text: 'DRILL' }] }];
      const response = await post(receiver.url, message(blocks));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(await response.text()).toBe('ok');
      expect(receiver.received[0]).toMatchObject({ refusal: undefined, json: { text: 'SEV1 declared: checkout down' } });
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ['a body that is not JSON', 'invalid_payload', 'text=hello'],
    ['no text', 'no_text', JSON.stringify({ blocks: [section('hello')] })],
    ['an empty text', 'no_text', JSON.stringify({ text: ' ', blocks: [section('hello')] })],
    ['blocks that are not a list', 'invalid_blocks_format', JSON.stringify({ text: 'hello', blocks: section('hello') })],
    ['an unknown block type', 'invalid_blocks', message([{ type: 'banner', text: 'hello' }])],
    ['a header over 150 characters', 'invalid_blocks', message([header('x'.repeat(151))])],
    ['a header in mrkdwn', 'invalid_blocks', message([{ type: 'header', text: { type: 'mrkdwn', text: 'hello' } }])],
    ['a section over 3000 characters', 'invalid_blocks', message([section('x'.repeat(3001))])],
    ['a section without text or fields', 'invalid_blocks', message([{ type: 'section' }])],
    [`more than ${SLACK_MAX_BLOCKS} blocks`, 'invalid_blocks', message(Array.from({ length: SLACK_MAX_BLOCKS + 1 }, () => ({ type: 'divider' })))],
  ])('refuses %s with 400 %s', async (_case, error, body) => {
    const receiver = await startSlackReceiver();
    try {
      const response = await post(receiver.url, body);
      expect([response.status, await response.text()]).toEqual([400, error]);
      expect(receiver.received[0].refusal).toBe(error);
    } finally {
      await receiver.close();
    }
  });

  it('answers a well-formed message as scripted, e.g. rate limited', async () => {
    const receiver = await startSlackReceiver({ answers: [{ status: 429, retryAfter: 30, body: 'rate_limited' }] });
    try {
      const first = await post(receiver.url, message([section('hello')]));
      expect([first.status, first.headers.get('retry-after'), await first.text()]).toEqual([429, '30', 'rate_limited']);
      expect((await post(receiver.url, message([section('hello')]))).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });
});

describe('Teams receiver', () => {
  const card = (content: Record<string, unknown>) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'SEV1 declared' }], ...content } });
  const message = (attachments: unknown[]) => JSON.stringify({ type: 'message', attachments });

  it('accepts an Adaptive Card message with 202', async () => {
    const receiver = await startTeamsReceiver();
    try {
      const body = [
        { type: 'TextBlock', text: 'SEV1 declared', weight: 'Bolder' },
        { type: 'FactSet', facts: [{ title: 'Service', value: 'checkout' }] },
        { type: 'Container', items: [{ type: 'TextBlock', text: 'DRILL' }] },
      ];
      const actions = [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://ledger.example.com/incidents/1' }];
      const response = await post(receiver.url, message([card({ body, actions })]));
      expect(response.status).toBe(202);
      expect(receiver.received[0]).toMatchObject({ refusal: undefined, status: 202 });
    } finally {
      await receiver.close();
    }
  });

  it.each([
    ['a body sent as text/plain', message([card({})]), 'text/plain'],
    ['a body that is not JSON', 'hello', 'application/json'],
    ['a JSON body that is not a message', JSON.stringify({ type: 'AdaptiveCard', body: [] }), 'application/json'],
    ['a message without attachments', message([]), 'application/json'],
    ['an attachment of another content type', message([{ ...card({}), contentType: 'application/vnd.microsoft.card.hero' }]), 'application/json'],
    ['an attachment that is not an AdaptiveCard', message([{ ...card({}), content: { type: 'MessageCard', text: 'hello' } }]), 'application/json'],
    ['a card version Teams does not render', message([card({ version: '1.6' })]), 'application/json'],
    ['a card without a body', message([card({ body: undefined })]), 'application/json'],
    ['an unknown element', message([card({ body: [{ type: 'Marquee', text: 'hello' }] })]), 'application/json'],
    ['a TextBlock without text', message([card({ body: [{ type: 'TextBlock' }] })]), 'application/json'],
  ])('refuses %s with 400', async (_case, body, contentType) => {
    const receiver = await startTeamsReceiver();
    try {
      const response = await post(receiver.url, body, { 'content-type': contentType });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'TriggerInputSchemaMismatch', message: expect.any(String) } });
      expect(receiver.received[0].refusal).toEqual(expect.any(String));
    } finally {
      await receiver.close();
    }
  });
});

/** A bare SMTP client: sends each command once the previous reply has arrived; answers every reply, the greeting first. */
async function smtpDialogue(url: string, commands: string[]): Promise<string[]> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setEncoding('utf8');
  const replies: string[] = [];
  let unread = '';
  let wake = () => {};
  socket.on('data', (chunk: string) => {
    unread += chunk;
    // A reply is complete at its last line, the one with a space after the code (multi-line ones use "250-").
    for (let reply = /^(?:\d{3}-[^\r\n]*\r\n)*\d{3} [^\r\n]*\r\n/.exec(unread); reply; reply = /^(?:\d{3}-[^\r\n]*\r\n)*\d{3} [^\r\n]*\r\n/.exec(unread)) {
      replies.push(reply[0]);
      unread = unread.slice(reply[0].length);
    }
    wake();
  });
  const nextReply = async (): Promise<string> => {
    while (replies.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return replies.shift() as string;
  };
  const answered = [await nextReply()];
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    answered.push(await nextReply());
  }
  socket.end();
  return answered;
}

describe('SMTP receiver', () => {
  const mail = [
    'From: "Incident Ledger" <ledger@example.com>',
    'To: Ada <ada@example.com>, oncall@example.com',
    'Subject: SEV1 declared: checkout down',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Checkout is down.',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p><strong>Checkout</strong> is down.</p>',
    '--b1--',
    '.',
  ].join('\r\n');

  it('receives a message over SMTP and parses its envelope, from, to, subject, text and html', async () => {
    const receiver = await startSmtpReceiver();
    try {
      expect(receiver.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      const replies = await smtpDialogue(receiver.url, ['EHLO client.example.com', 'MAIL FROM:<ledger@example.com>', 'RCPT TO:<ada@example.com>', 'RCPT TO:<oncall@example.com>', 'DATA', mail, 'QUIT']);
      expect(replies.map((reply) => reply.slice(0, 3))).toEqual(['220', '250', '250', '250', '250', '354', '250', '221']);
      expect(replies[1]).not.toMatch(/STARTTLS|AUTH/);

      const [received] = await receiver.waitFor();
      expect(received).toMatchObject({
        envelope: { from: 'ledger@example.com', to: ['ada@example.com', 'oncall@example.com'] },
        from: '"Incident Ledger" <ledger@example.com>',
        to: ['ada@example.com', 'oncall@example.com'],
        subject: 'SEV1 declared: checkout down',
        text: 'Checkout is down.',
        html: '<p><strong>Checkout</strong> is down.</p>',
      });
    } finally {
      await receiver.close();
    }
  });
});
