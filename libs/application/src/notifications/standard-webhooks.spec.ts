import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook, StandardWebhookHeaders, WebhookMessage, WebhookSigningError } from './standard-webhooks';

// Receivers are the specification's reference package: our signatures are checked by code that is not ours.
const receiverHolding = (secret: string) => new Webhook(secret);
const headersOf = (headers: StandardWebhookHeaders) => ({ ...headers }) as Record<string, string>;

const body = JSON.stringify({ type: 'incident.declared', timestamp: '2026-12-02T00:00:00.000Z', data: { id: 'inc-1', title: 'Checkout is down ✗' } });
// The reference package refuses timestamps more than 5 minutes from its own clock: the attempt happens now.
const attempt = (overrides: Partial<WebhookMessage> = {}): WebhookMessage => ({ id: 'msg_0f8c2a1e-delivery', timestamp: new Date(), body, ...overrides });

describe('Standard Webhooks signing', () => {
  const secret = generateWebhookSecret();

  it('sends the id, the attempt time in unix seconds and a v1 signature', () => {
    const timestamp = new Date('2026-12-02T10:20:30.999Z');
    const headers = signWebhook(attempt({ timestamp }), [secret]);
    expect(headers).toEqual({
      'webhook-id': 'msg_0f8c2a1e-delivery',
      'webhook-timestamp': String(Date.parse('2026-12-02T10:20:30Z') / 1000),
      'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
  });

  it('signs as the reference package does', () => {
    // A 24-byte secret from the package's own examples, at a fixed time.
    const known = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const timestamp = new Date(1614265330 * 1000);
    const payload = '{"test": 2432232314}';
    const headers = signWebhook({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp, body: payload }, [known]);
    expect(headers['webhook-signature']).toBe(receiverHolding(known).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp, payload));
  });

  it('is verified by a receiver holding the secret, which reads the body back', () => {
    const message = attempt();
    expect(receiverHolding(secret).verify(message.body, headersOf(signWebhook(message, [secret])))).toEqual(JSON.parse(body));
  });

  it('is refused when the body was tampered with', () => {
    const headers = headersOf(signWebhook(attempt(), [secret]));
    const tampered = body.replace('Checkout is down', 'All is well');
    expect(() => receiverHolding(secret).verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => receiverHolding(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
  });

  it('is refused by a receiver holding another secret', () => {
    const headers = headersOf(signWebhook(attempt(), [secret]));
    expect(() => receiverHolding(generateWebhookSecret()).verify(body, headers)).toThrow(/No matching signature/);
  });

  it('signs the id and the time too: a replay under another id or time is refused', () => {
    const headers = signWebhook(attempt(), [secret]);
    const otherTime = String(Number(headers['webhook-timestamp']) - 1);
    for (const replayed of [{ ...headers, 'webhook-id': 'msg_another' }, { ...headers, 'webhook-timestamp': otherTime }]) {
      expect(() => receiverHolding(secret).verify(body, headersOf(replayed))).toThrow(/No matching signature/);
    }
  });

  it('during a rotation, signs with both secrets so a receiver holding either verifies the same delivery', () => {
    const previous = generateWebhookSecret();
    const headers = signWebhook(attempt(), [secret, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const held of [secret, previous]) expect(receiverHolding(held).verify(body, headersOf(headers))).toEqual(JSON.parse(body));
    expect(() => receiverHolding(generateWebhookSecret()).verify(body, headersOf(headers))).toThrow(WebhookVerificationError);
  });

  it('generates whsec_ secrets of 32 random bytes, a new one each time', () => {
    const secrets = [generateWebhookSecret(), generateWebhookSecret()];
    for (const generated of secrets) {
      expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(generated.slice('whsec_'.length), 'base64')).toHaveLength(32);
    }
    expect(secrets[0]).not.toBe(secrets[1]);
  });

  it.each([
    ['without the whsec_ prefix', randomBytes(32).toString('base64')],
    ['shorter than 24 bytes', `whsec_${randomBytes(16).toString('base64')}`],
    ['longer than 64 bytes', `whsec_${randomBytes(65).toString('base64')}`],
    ['not base64', `whsec_${'not base64!'.repeat(4)}`],
  ])('refuses a secret %s, without showing it', (_, bad) => {
    expect(() => signWebhook(attempt(), [bad])).toThrow(WebhookSigningError);
    expect(() => signWebhook(attempt(), [secret, bad])).not.toThrow(new RegExp(bad.slice(6, 16).replace(/[+/]/g, '\\$&')));
  });

  it('refuses an id that could be confused with another when signed, and a time that is not one', () => {
    for (const id of ['', 'msg.1', 'msg 1', 'msg,1']) expect(() => signWebhook(attempt({ id }), [secret])).toThrow(/webhook id/);
    expect(() => signWebhook(attempt({ timestamp: new Date('never') }), [secret])).toThrow(/valid time/);
  });
});
