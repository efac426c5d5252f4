import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', EVENT_STORE: 'sqlite', DURABILITY: 'full' });
    expect(config.databasePath).toMatch(/data\/events\.sqlite$/);
  });

  it('reads and converts the variables it knows', () => {
    const config = loadConfig({ PORT: '0', DATA_DIR: '/tmp/x', EVENT_STORE: 'memory', DURABILITY: 'normal', UNRELATED: 'y' });
    expect(config).toMatchObject({ PORT: 0, DATA_DIR: '/tmp/x', EVENT_STORE: 'memory', DURABILITY: 'normal' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['EVENT_STORE', 'postgres'],
    ['DURABILITY', 'maybe'],
    ['BODY_LIMIT_BYTES', '12'],
    ['LOG_LEVEL', 'chatty'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '2'],
    ['TRUST_PROXY', 'proxy.example.com'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}="${value}"`));
  });

  it('trusts no proxy by default, and the listed ones when asked', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback,fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback', 'fd00::/8']);
  });

  it('needs a connection string for EventStoreDB, and never echoes it', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    const withPassword = 'http://admin:hunter2@db:2113';
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: withPassword })).toThrow(/esdb:\/\//);
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: withPassword })).not.toThrow(/hunter2/);
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false', EVENTSTORE_STREAM_PREFIX: '$system' })).toThrow(
      /EVENTSTORE_STREAM_PREFIX/,
    );
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false', EVENTSTORE_STREAM_PREFIX: 'staging-' })).toMatchObject({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_STREAM_PREFIX: 'staging-',
    });
  });

  describe('the key that seals secrets at rest', () => {
    const key = 'q7rQmDjOa1sE3bfuKSQ7SXGvkqoXh1T0qO4WNbb5d1U=';

    it('is optional, and taken when it is 32 bytes in base64 or hex, with older keys beside it', () => {
      expect(loadConfig({}).LEDGER_SECRET_KEY).toBeUndefined();
      const hex = 'ab'.repeat(32);
      expect(loadConfig({ LEDGER_SECRET_KEY: key, LEDGER_SECRET_KEY_PREVIOUS: `${hex}, ${key}` })).toMatchObject({
        LEDGER_SECRET_KEY: key,
        LEDGER_SECRET_KEY_PREVIOUS: `${hex}, ${key}`,
      });
    });

    it.each([
      ['LEDGER_SECRET_KEY', { LEDGER_SECRET_KEY: 'hunter2-is-my-password' }],
      ['LEDGER_SECRET_KEY', { LEDGER_SECRET_KEY: key.slice(4) }],
      ['LEDGER_SECRET_KEY_PREVIOUS', { LEDGER_SECRET_KEY: key, LEDGER_SECRET_KEY_PREVIOUS: `${key},hunter2-is-my-password` }],
    ])('refuses a bad %s, saying how to make one and never echoing it', (name, env) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`${name}="\\(secret, not shown\\)": .*openssl rand -base64 32`));
      expect(() => loadConfig(env)).not.toThrow(/hunter2|q7rQ|mDjO/);
    });

    it('refuses previous keys without a current one', () => {
      expect(() => loadConfig({ LEDGER_SECRET_KEY_PREVIOUS: key })).toThrow(/LEDGER_SECRET_KEY_PREVIOUS=.*needs LEDGER_SECRET_KEY/);
    });
  });

  describe('the link to an incident in your console', () => {
    it('puts the id where the template says, and is none without a template', () => {
      expect(loadConfig({}).incidentLink('inc 1')).toBeNull();
      expect(loadConfig({ INCIDENT_URL_TEMPLATE: 'https://console.example.com/incidents/{id}?tab=timeline' }).incidentLink('inc 1')).toBe(
        'https://console.example.com/incidents/inc%201?tab=timeline',
      );
    });

    it.each(['https://console.example.com/incidents', 'javascript:alert({id})', 'console.example.com/{id}'])('refuses %s', (template) => {
      expect(() => loadConfig({ INCIDENT_URL_TEMPLATE: template })).toThrow(/INCIDENT_URL_TEMPLATE must be an http:\/\/ or https:\/\/ URL with \{id\}/);
    });
  });

  describe("the ledger's own address (PUBLIC_URL)", () => {
    it('is this server on localhost by default, and an origin without a trailing slash when given', () => {
      expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
      expect(loadConfig({ PUBLIC_URL: 'https://ledger.example.com/' }).publicUrl).toBe('https://ledger.example.com');
      expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
    });

    it.each(['ledger.example.com', 'ftp://ledger.example.com', 'https://ledger.example.com/pages', 'https://ledger.example.com/?a=1', 'https://user:pw@ledger.example.com'])(
      'refuses %s',
      (url) => {
        expect(() => loadConfig({ PUBLIC_URL: url })).toThrow(/PUBLIC_URL must be the http:\/\/ or https:\/\/ address of the ledger/);
      },
    );

    it('gives page links a lifetime of 24 hours unless PAGE_LINK_TTL_HOURS says otherwise', () => {
      expect(loadConfig({}).PAGE_LINK_TTL_HOURS).toBe(24);
      expect(loadConfig({ PAGE_LINK_TTL_HOURS: '4' }).PAGE_LINK_TTL_HOURS).toBe(4);
      expect(() => loadConfig({ PAGE_LINK_TTL_HOURS: '0' })).toThrow(/PAGE_LINK_TTL_HOURS/);
    });
  });

  describe('the SMTP server mail leaves through', () => {
    it('is optional; with it, mail comes from SMTP_FROM', () => {
      expect(loadConfig({}).smtp).toBeUndefined();
      expect(loadConfig({ SMTP_URL: 'smtps://ledger:hunter2@mail.example.com:465', SMTP_FROM: 'Incident Ledger <ledger@example.com>' }).smtp).toEqual({
        url: 'smtps://ledger:hunter2@mail.example.com:465',
        from: 'Incident Ledger <ledger@example.com>',
      });
      expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'ledger@example.com' }).smtp).toMatchObject({ from: 'ledger@example.com' });
    });

    it.each([
      ['SMTP_URL', { SMTP_URL: 'https://ledger:hunter2@mail.example.com', SMTP_FROM: 'ledger@example.com' }],
      ['SMTP_URL', { SMTP_URL: 'smtp://ledger:hunter2@', SMTP_FROM: 'ledger@example.com' }],
    ])('refuses a bad %s without echoing its password', (name, env) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`${name}="\\(secret, not shown\\)": .*smtp://`));
      expect(() => loadConfig(env)).not.toThrow(/hunter2/);
    });

    it('needs SMTP_FROM with SMTP_URL, as an address', () => {
      expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com' })).toThrow(/SMTP_FROM=undefined: .*required with SMTP_URL/);
      expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'Incident Ledger' })).toThrow(/SMTP_FROM="Incident Ledger": SMTP_FROM must be an address/);
    });
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', DURABILITY: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
