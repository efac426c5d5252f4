import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { NetworkPolicy } from './network-policy';
import { OutboundHttp, ResolvedAddress } from './outbound-http';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real receiver on 127.0.0.x that records what reaches it. */
class Receiver {
  readonly received: Received[] = [];
  private readonly server: Server;

  private constructor(
    handler: (req: Received, res: ServerResponse) => void,
    readonly host: string,
  ) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
        this.received.push(received);
        handler(received, res);
      });
    });
  }

  static async start(handler: (req: Received, res: ServerResponse) => void, host = '127.0.0.1'): Promise<Receiver> {
    const receiver = new Receiver(handler, host);
    await new Promise<void>((resolve) => receiver.server.listen(0, host, resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/hook'): string {
    return `http://${this.host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const reply =
  (status: number, body = '', headers: Record<string, string> = {}) =>
  (_req: Received, res: ServerResponse) => {
    res.writeHead(status, headers).end(body);
  };

/** The policy in force in production, except that the test receiver's own address is reachable. */
class StrictExceptFor extends NetworkPolicy {
  constructor(private readonly reachable: string) {
    super({ allowHttp: true });
  }

  override checkAddress(address: string) {
    return address === this.reachable ? undefined : super.checkAddress(address);
  }
}

const open = () => new NetworkPolicy({ allowPrivateNetworks: true, allowHttp: true });
const strict = () => new NetworkPolicy({ allowHttp: true });
const body = JSON.stringify({ type: 'incident.declared', data: { id: 'inc-1' } });

describe('outbound http', () => {
  const receivers: Receiver[] = [];
  const receiver = async (handler: (req: Received, res: ServerResponse) => void, host?: string) => {
    const started = await Receiver.start(handler, host);
    receivers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
  });

  describe('answers', () => {
    it('posts the body and headers and answers a 2xx with its status, an excerpt of its body and its duration', async () => {
      const hook = await receiver(reply(200, 'ok'));
      const answer = await new OutboundHttp({ policy: open() }).postJson(hook.url(), body, { 'webhook-id': 'msg_1' });

      expect(answer).toEqual({ outcome: 'response', status: 200, headers: {}, bodyExcerpt: 'ok', durationMs: expect.any(Number) });
      expect(hook.received).toEqual([
        {
          method: 'POST',
          url: '/hook',
          body,
          headers: expect.objectContaining({ 'content-type': 'application/json', 'webhook-id': 'msg_1', host: `127.0.0.1:${hook.port}` }),
        },
      ]);
    });

    it('answers a 4xx the same way, for the delivery log', async () => {
      const hook = await receiver(reply(410, 'channel_is_archived'));
      const answer = await new OutboundHttp({ policy: open() }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'response', status: 410, bodyExcerpt: 'channel_is_archived' });
    });

    it.each([429, 503])('passes back Retry-After with a %s', async (status) => {
      const hook = await receiver(reply(status, 'slow down', { 'retry-after': '120' }));
      const answer = await new OutboundHttp({ policy: open() }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'response', status, headers: { 'retry-after': '120' }, bodyExcerpt: 'slow down' });
    });

    it('answers a 5xx', async () => {
      const hook = await receiver(reply(500, 'boom'));
      await expect(new OutboundHttp({ policy: open() }).postJson(hook.url(), body)).resolves.toMatchObject({ outcome: 'response', status: 500 });
    });

    it('reads at most the first kilobyte of a body that never ends', async () => {
      const hook = await receiver((_req, res) => {
        res.writeHead(200);
        // Until the client hangs up: on Node 24 a write to the closed response still calls back, and flooding on would never end.
        const flood = () => {
          if (!res.destroyed) res.write('x'.repeat(64 * 1024), (error) => error || setImmediate(flood));
        };
        flood();
      });
      const answer = await new OutboundHttp({ policy: open(), timeoutMs: 5_000 }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'response', status: 200, bodyExcerpt: 'x'.repeat(1024) });
    });

    it('times out a receiver that never answers', async () => {
      const hook = await receiver(() => undefined);
      const answer = await new OutboundHttp({ policy: open(), timeoutMs: 300 }).postJson(hook.url(), body);
      expect(answer).toEqual({ outcome: 'timeout', detail: expect.stringContaining('300 ms'), durationMs: expect.any(Number) });
      expect(answer.durationMs).toBeGreaterThanOrEqual(290);
      expect(answer.durationMs).toBeLessThan(2_000);
    });

    it('times out a receiver that answers its headers and then stalls its body', async () => {
      const hook = await receiver((_req, res) => res.writeHead(200).write('partial'));
      const answer = await new OutboundHttp({ policy: open(), timeoutMs: 300 }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'timeout' });
    });

    it('times out a name whose resolution never finishes', async () => {
      const resolve = () => new Promise<ResolvedAddress[]>(() => undefined);
      const answer = await new OutboundHttp({ policy: open(), timeoutMs: 200, resolve }).postJson('https://slow-dns.test/hook', body);
      expect(answer).toMatchObject({ outcome: 'timeout' });
    });

    it('answers a network failure when nothing listens', async () => {
      const hook = await receiver(reply(200));
      const url = hook.url();
      await hook.stop();
      receivers.pop();
      const answer = await new OutboundHttp({ policy: open() }).postJson(url, body);
      expect(answer).toEqual({ outcome: 'network', detail: expect.stringContaining('ECONNREFUSED'), durationMs: expect.any(Number) });
    });

    it('answers a network failure when the name does not resolve', async () => {
      const resolve = async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' }));
      const answer = await new OutboundHttp({ policy: open(), resolve }).postJson('https://nowhere.test/hook', body);
      expect(answer).toMatchObject({ outcome: 'network', detail: expect.stringContaining('ENOTFOUND') });
    });
  });

  describe('redirects', () => {
    it.each([307, 308])('follows a %s, sending the same body and headers again', async (status) => {
      const hook = await receiver((req, res) => (req.url === '/hook' ? reply(status, '', { location: '/moved' })(req, res) : reply(202, 'accepted')(req, res)));
      const answer = await new OutboundHttp({ policy: open() }).postJson(hook.url(), body, { 'webhook-id': 'msg_1' });
      expect(answer).toMatchObject({ outcome: 'response', status: 202, bodyExcerpt: 'accepted' });
      expect(hook.received.map((r) => [r.method, r.url, r.body, r.headers['webhook-id']])).toEqual([
        ['POST', '/hook', body, 'msg_1'],
        ['POST', '/moved', body, 'msg_1'],
      ]);
    });

    it.each([301, 302, 303])('does not follow a %s, which would turn the POST into a GET: it is the answer', async (status) => {
      const hook = await receiver(reply(status, '', { location: '/moved' }));
      const answer = await new OutboundHttp({ policy: open() }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'response', status, headers: { location: '/moved' } });
      expect(hook.received).toHaveLength(1);
    });

    it('follows at most five redirects; the sixth is the answer', async () => {
      const hook = await receiver((req, res) => reply(307, '', { location: `${req.url}/again` })(req, res));
      const answer = await new OutboundHttp({ policy: open() }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'response', status: 307 });
      expect(hook.received).toHaveLength(6);
    });

    it('refuses a redirect to the metadata address, before connecting to it', async () => {
      const hook = await receiver(reply(307, '', { location: 'http://169.254.169.254/latest/meta-data/iam/' }));
      const answer = await new OutboundHttp({ policy: new StrictExceptFor('127.0.0.1') }).postJson(hook.url(), body);
      expect(answer).toEqual({ outcome: 'refused', reason: 'address', detail: expect.stringContaining('169.254.169.254 is link-local'), durationMs: expect.any(Number) });
    });

    it('refuses a redirect to a name that resolves to the metadata address', async () => {
      const hook = await receiver(reply(308, '', { location: 'http://metadata.test/computeMetadata/v1/' }));
      const resolve = jest.fn(async (host: string): Promise<ResolvedAddress[]> => [{ address: host === 'metadata.test' ? '169.254.169.254' : '127.0.0.1', family: 4 }]);
      const answer = await new OutboundHttp({ policy: new StrictExceptFor('127.0.0.1'), resolve }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'address', detail: expect.stringContaining('metadata.test') });
      expect(resolve).toHaveBeenCalledWith('metadata.test');
    });

    it('refuses a redirect to a loopback receiver, which never hears of it', async () => {
      const inside = await receiver(reply(200, 'secret'), '127.0.0.2');
      const hook = await receiver(reply(307, '', { location: inside.url('/admin') }));
      const answer = await new OutboundHttp({ policy: new StrictExceptFor('127.0.0.1') }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'address', detail: expect.stringContaining('127.0.0.2 is loopback') });
      expect(inside.received).toEqual([]);
    });

    it('refuses a redirect to a URL with credentials', async () => {
      const hook = await receiver(reply(307, '', { location: 'http://admin:pw@hooks.example.com/' }));
      const answer = await new OutboundHttp({ policy: new StrictExceptFor('127.0.0.1') }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'credentials' });
    });
  });

  describe('the address checked is the address connected to', () => {
    it('resolves once and connects to that address, keeping the name in the Host header', async () => {
      const hook = await receiver(reply(200));
      // A second resolution would rebind the name to an address nothing listens on; the system resolver does not know the name at all.
      const answers = ['127.0.0.1', '127.0.0.3'];
      const resolve = jest.fn(async (): Promise<ResolvedAddress[]> => [{ address: answers.shift() ?? '127.0.0.3', family: 4 }]);
      const answer = await new OutboundHttp({ policy: open(), resolve }).postJson(`http://receiver.test:${hook.port}/hook`, body);
      expect(answer).toMatchObject({ outcome: 'response', status: 200 });
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(hook.received[0].headers.host).toBe(`receiver.test:${hook.port}`);
    });

    it('sends the name, not the address, as the TLS server name', async () => {
      const hello: Buffer[] = [];
      const tls: TcpServer = createTcpServer((socket) => socket.once('data', (chunk: Buffer) => (hello.push(chunk), socket.destroy())));
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      try {
        const resolve = async (): Promise<ResolvedAddress[]> => [{ address: '127.0.0.1', family: 4 }];
        const { port } = tls.address() as AddressInfo;
        const answer = await new OutboundHttp({ policy: open(), resolve }).postJson(`https://receiver.test:${port}/hook`, body);
        expect(answer).toMatchObject({ outcome: 'network' });
        expect(Buffer.concat(hello).includes('receiver.test')).toBe(true);
      } finally {
        await new Promise((resolve) => tls.close(resolve));
      }
    });

    it('refuses a name when any of its addresses is private, even if another is public', async () => {
      const resolve = async (): Promise<ResolvedAddress[]> => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ];
      const answer = await new OutboundHttp({ policy: strict(), resolve }).postJson('https://mixed.test/hook', body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'address', detail: 'mixed.test: 10.0.0.1 is private (10.0.0.0/8)' });
    });
  });

  describe('refusals without the switches', () => {
    it.each([
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[::ffff:a9fe:a9fe]/hook',
      'https://2130706433/hook',
      'https://0x7f.1/hook',
      'https://0177.0.0.1/hook',
      'https://127.1/hook',
      'https://0/hook',
      'https://[fd00:ec2::254]/latest/meta-data/',
      'https://100.100.100.200/latest/meta-data/',
    ])('refuses %s before connecting', async (url) => {
      const answer = await new OutboundHttp({ policy: strict() }).postJson(url, body);
      expect(answer).toEqual({ outcome: 'refused', reason: 'address', detail: expect.any(String), durationMs: expect.any(Number) });
    });

    it('refuses a receiver on this machine (the policy, not the receiver, answers)', async () => {
      const hook = await receiver(reply(200));
      const answer = await new OutboundHttp({ policy: strict() }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'address', detail: '127.0.0.1 is loopback (127.0.0.0/8)' });
      expect(hook.received).toEqual([]);
    });

    it('refuses plain http unless it is allowed', async () => {
      const hook = await receiver(reply(200));
      const answer = await new OutboundHttp({ policy: new NetworkPolicy({ allowPrivateNetworks: true }) }).postJson(hook.url(), body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'scheme' });
      expect(hook.received).toEqual([]);
    });

    it('refuses what is not a URL', async () => {
      const answer = await new OutboundHttp({ policy: strict() }).postJson('hooks.example.com/x', body);
      expect(answer).toMatchObject({ outcome: 'refused', reason: 'invalid-url' });
    });
  });
});
