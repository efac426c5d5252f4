import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustQuery } from './support/graphql-client';
import { ADD_NOTE, DECLARE } from './support/operations';
import { startServer } from './support/server';

const CLI = join(__dirname, '../dist/apps/cli/main.js');

/**
 * The admin command line as a newcomer meets it: help for every command, bad
 * options refused with exit code 2, and neither ever touching a file or the
 * store. Each case runs in a fresh working directory, against a DATA_DIR
 * that does not exist until a command really works on the store.
 */
describe('the command line', () => {
  let sandbox: string;
  let cwd: string;
  let dataDir: string;

  const cli = (args: string[], options: { dataDir?: string; env?: Record<string, string> } = {}): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, DATA_DIR: options.dataDir ?? dataDir, EVENT_STORE: 'sqlite', ...options.env },
      encoding: 'utf8',
    });

  /** Nothing written in the working directory, and no store created. */
  const expectNoSideEffect = (what: string) => {
    expect({ what, files: readdirSync(cwd), storeCreated: existsSync(dataDir) }).toEqual({ what, files: [], storeCreated: false });
  };

  beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    cwd = join(sandbox, 'cwd');
    mkdirSync(cwd);
    dataDir = join(sandbox, 'data');
  });

  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  /** The commands a help text lists under "Commands:", without the implicit `help`. */
  const listedCommands = (help: string): string[] => {
    const section = (help.split(/^Commands:$/m)[1] ?? '').split('\n\n')[0];
    return section
      .split('\n')
      .map((line) => /^ {2}(\S+)(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && match[1] !== 'help')
      .map((match) => {
        // Every command says what it does on its line of the list.
        expect({ command: match[1], described: /\s{2,}\S/.test(match[2]) }).toEqual({ command: match[1], described: true });
        return match[1];
      });
  };

  it('answers --help for every command and subcommand, with a description each, and touches nothing', () => {
    const visited: string[] = [];
    const visit = (path: string[]) => {
      const result = cli([...path, '--help']);
      expect({ path, status: result.status, stderr: result.stderr }).toEqual({ path, status: 0, stderr: '' });
      expect(result.stdout).toContain(`Usage: incident-ledger ${path.join(' ')}`.trimEnd());
      // What the command does, and (for a command that works) an example.
      if (path.length > 0) expect(result.stdout).toMatch(/Examples?:/);
      expectNoSideEffect(`${path.join(' ')} --help`);
      if (path.length > 0) visited.push(path.join(' '));
      for (const command of listedCommands(result.stdout)) visit([...path, command]);
    };
    visit([]);
    expect(visited.sort()).toEqual(
      ['backup', 'catalogue', 'catalogue export', 'catalogue import', 'export', 'import', 'keys', 'keys create', 'keys list', 'keys revoke', 'rebuild-read-models'].sort(),
    );

    const top = cli(['--help']).stdout;
    expect(top).toMatch(/Exit codes/);
    expect(top).toContain('DATA_DIR');
  });

  it('prints help, not the log, for export --help on a store with events', () => {
    const store = join(sandbox, 'store');
    expect(cli(['keys', 'create', '--name', 'alice', '--role', 'ADMIN'], { dataDir: store }).status).toBe(0);
    expect(cli(['export'], { dataDir: store }).stdout).toContain('"type":"ApiKeyCreated"');

    for (const args of [['export', '--help'], ['export', '-h'], ['help', 'export'], ['export', '--out', 'x.ndjson', '--help']]) {
      const result = cli(args, { dataDir: store });
      expect({ args, status: result.status }).toEqual({ args, status: 0 });
      expect(result.stdout).toContain('Usage: incident-ledger export');
      expect(result.stdout).not.toContain('ApiKeyCreated');
      expect(result.stdout).not.toContain('scrypt');
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('refuses unknown commands and options, and missing or invalid arguments, with exit code 2 and what was wrong', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /Usage: incident-ledger/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['exprot'], /unknown command 'exprot'.*\n?.*Did you mean export\?/],
      [['export', '--outt', 'log.ndjson'], /unknown option '--outt'/],
      [['export', '--out'], /option '--out <file>' argument missing/],
      [['export', '--out', '--help'], /argument '--help' is invalid.*looks like an option/],
      [['export', 'log.ndjson'], /too many arguments/],
      [['import'], /missing required argument 'file'/],
      [['import', '--help-me'], /unknown option '--help-me'/],
      [['import', 'a.ndjson', 'b.ndjson'], /too many arguments/],
      [['backup'], /missing required argument 'file'/],
      [['backup', '-'], /'-' looks like an option.*--/],
      [['backup', '-1'], /'-1' looks like an option/],
      [['backup', '--verbose', 'copy.sqlite'], /unknown option '--verbose'/],
      [['keys'], /Usage: incident-ledger keys/],
      [['keys', 'rotate'], /unknown command 'rotate'/],
      [['keys', 'create', '--name', 'x', '--role', 'OWNER'], /option '--role <role>' argument 'OWNER' is invalid\. Allowed choices are VIEWER, RESPONDER, ADMIN, INGEST/],
      [['keys', 'create', '--role', 'ADMIN'], /required option '--name <name>' not specified/],
      [['keys', 'create', '--name', 'x'], /required option '--role <role>' not specified/],
      [['keys', 'create', '--name', '--role', 'ADMIN'], /argument '--role' is invalid.*looks like an option/],
      [['keys', 'list', '--all'], /unknown option '--all'/],
      [['keys', 'revoke'], /missing required argument 'key-id'/],
      [['keys', 'revoke', '--reason', 'left'], /missing required argument 'key-id'/],
      [['rebuild-read-models', 'now'], /too many arguments/],
    ];
    for (const [args, message] of cases) {
      const result = cli(args);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: expect.stringMatching(message) });
      expectNoSideEffect(args.join(' '));
    }
  });

  it('takes a file name that starts with a dash after --', () => {
    const store = join(sandbox, 'store');
    expect(cli(['keys', 'create', '--name', 'alice', '--role', 'admin'], { dataDir: store }).status).toBe(0);
    const result = cli(['backup', '--', '-copy.sqlite'], { dataDir: store });
    expect(result.status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['-copy.sqlite']);
  });

  it('refuses to create a store where a command only reads one, or for a file that does not exist', () => {
    const cases: string[][] = [['export'], ['export', '--out', 'log.ndjson'], ['backup', 'copy.sqlite'], ['keys', 'list'], ['keys', 'revoke', 'some-id'], ['rebuild-read-models']];
    for (const args of cases) {
      const result = cli(args);
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 2, stderr: expect.stringMatching(/no event store at .*events\.sqlite.*DATA_DIR/) });
      expectNoSideEffect(args.join(' '));
    }
    const missing = cli(['import', 'missing.ndjson']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing.ndjson: no such file');
    expectNoSideEffect('import missing.ndjson');
  });

  it('refuses to rebuild or import beside a running server, says so, and works once it stopped; long work ends with one summary line', async () => {
    const server = await startServer({ dataDir: join(sandbox, 'live'), env: { EVENT_STORE: 'sqlite' } });
    const live = { dataDir: server.dataDir };
    let events = 0;
    /** The one line long work ends with when stderr is not a terminal. */
    const summary = (verb: string) => new RegExp(`^${verb} \\d+ events in \\d+\\.\\d\\d s \\(\\d+ events/s\\)[^\\n]*\\n$`);
    try {
      for (let i = 0; i < 3; i++) {
        const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: `Incident ${i}`, severity: 'SEV3' } });
        await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: declareIncident.id, text: `note ${i}` } });
      }

      // Reading and copying go on beside the server, each with one summary line on stderr (not a terminal here).
      const exported = cli(['export', '--out', 'log.ndjson'], live);
      expect({ status: exported.status, stderr: exported.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(summary('exported')) });
      events = readFileSync(join(cwd, 'log.ndjson'), 'utf8').trim().split('\n').length;
      expect(exported.stderr).toMatch(new RegExp(`^exported ${events} events`));
      const backup = cli(['backup', 'copy/events.sqlite'], live);
      expect({ status: backup.status, stderr: backup.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(summary('backed up')) });
      expect(backup.stderr).toContain(`to copy/events.sqlite (head position at least ${events})`);

      for (const args of [['rebuild-read-models'], ['import', join(cwd, 'log.ndjson')]]) {
        const refused = cli(args, live);
        expect({ args, status: refused.status, stdout: refused.stdout }).toEqual({ args, status: 1, stdout: '' });
        expect(refused.stderr).toMatch(/a server is running on this store.*stop it, then run/);
      }
      expect(existsSync(join(server.dataDir, 'read-models.snapshot'))).toBe(false);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    const rebuilt = cli(['rebuild-read-models'], live);
    expect({ status: rebuilt.status, stderr: rebuilt.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(summary('rebuilt the read models from')) });
    // 8 events the test wrote or caused, and the first checkpoints of the escalations and status page notices processes: they start at the log's head.
    expect(rebuilt.stderr).toContain(': 3 incidents, 1 apiKeys, 10 audit, 0 catalogue, 0 notifications, 0 deliveries, 0 timers, 0 oncall, 0 alerting, 0 escalation, 0 statuspage, 0 statuspageSubscribers; snapshot of');
    const imported = cli(['import', 'log.ndjson'], { dataDir: join(sandbox, 'restored') });
    expect({ status: imported.status, stderr: imported.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(summary('imported')) });
    expect(imported.stderr).toMatch(new RegExp(`^imported ${events} events.*; head position ${events}\n$`));
  });
});
