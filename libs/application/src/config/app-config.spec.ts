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

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', DURABILITY: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
