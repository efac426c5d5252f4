import { AccessRole } from '@incident-ledger/domain';
import { Command, InvalidArgumentError, Option } from 'commander';

/*
 * Every command, option and help text of the admin command line, in one
 * place. The work behind a command is loaded only when it runs, so that
 * `--help` and usage errors answer at once and never touch the store.
 */

const EXIT_CODES = 'Exit codes: 0 done; 1 the work failed or was refused (nothing is half done unless the message says so); 2 usage error (unknown command or option, missing or invalid argument, a setting that rules the command out), nothing done.';

const ROLES: string[] = Object.values(AccessRole);

/**
 * Option values may not look like options: commander takes the word after
 * `--name` whatever it is, so `keys create --name --role ADMIN` would name a
 * key `--role`, and `export --out --help` write a file named `--help`.
 */
function notAnOption(value: string): string {
  if (value.startsWith('-')) throw new InvalidArgumentError('It looks like an option, not a value.');
  return value;
}

/** The same for a file name, which can still start with a dash when written `./-name`. */
function fileName(value: string): string {
  if (value.startsWith('-')) throw new InvalidArgumentError(`It looks like an option, not a file name; write ./${value} for a file whose name starts with '-'.`);
  return value;
}

function role(value: string): string {
  const upper = value.toUpperCase();
  if (!ROLES.includes(upper)) throw new InvalidArgumentError(`Allowed choices are ${ROLES.join(', ')}.`);
  return upper;
}

/**
 * Commander takes `-` and words like `-1` as operands; before `--` they are
 * refused, so that a mistyped flag never names a file. After `--` any word is
 * an operand, as usual.
 */
function refuseDashedOperands(argv: readonly string[], command: Command): void {
  const end = argv.indexOf('--');
  const beforeDashes = end === -1 ? argv : argv.slice(0, end);
  const dashed = command.args.find((operand) => operand.startsWith('-') && beforeDashes.includes(operand));
  if (dashed !== undefined) {
    command.error(`error: '${dashed}' looks like an option, not an argument; to name a file that starts with '-', put it after '--' (${command.name()} -- ${dashed}) or write ./${dashed}`);
  }
}

/*
 * The work behind the commands, loaded when one runs. By `require`: this
 * CommonJS build keeps `import()` as an ES module import, which resolves
 * neither extensionless paths nor the libraries' aliases.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const work = {
  keys: () => require('./keys.command') as typeof import('./keys.command'),
  backup: () => require('./backup.command') as typeof import('./backup.command'),
  readModels: () => require('./read-models.command') as typeof import('./read-models.command'),
  catalogue: () => require('./catalogue.command') as typeof import('./catalogue.command'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

export function cliProgram(argv: readonly string[]): Command {
  const program = new Command('incident-ledger')
    .description(
      'The admin command line of Incident Ledger. Every command works on the store the server uses, chosen by the same ' +
        'environment variables: DATA_DIR (./data), EVENT_STORE (sqlite), EVENTSTORE_CONNECTION_STRING, EVENTSTORE_STREAM_PREFIX.',
    )
    // Settings made before .command() are inherited by every command.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\nRun "incident-ledger <command> --help" for a command's options and examples; through npm: npm run cli -- <command>.\n${EXIT_CODES}\n`)
    .hook('preAction', (_program, command) => refuseDashedOperands(argv, command));

  const keys = program
    .command('keys')
    .description('create, list and revoke API keys (works while the server runs; it knows a new key at once)')
    .addHelpText('after', examples('incident-ledger keys create --name alice --role RESPONDER', 'incident-ledger keys list', 'incident-ledger keys revoke <key id> --reason "left the team"'));
  keys
    .command('create')
    .description('create a key and print it, with its id; the key is shown this once')
    .requiredOption('--name <name>', 'who the key acts as: the actor of everything it does, and the name incident roles refer to', notAnOption)
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).argParser(role).makeOptionMandatory())
    .addHelpText('after', examples('incident-ledger keys create --name you --role ADMIN', 'incident-ledger keys create --name ci-bot --role INGEST'))
    .action((options) => work.keys().createKey(options));
  keys
    .command('list')
    .description('list the keys, one JSON object a line (never their secrets)')
    .addHelpText('after', examples('incident-ledger keys list'))
    .action(() => work.keys().listKeys());
  keys
    .command('revoke')
    .description('revoke a key: refused from its next request, its live connections closed')
    .argument('<key-id>', 'the id `keys list` shows')
    .option('--reason <text>', 'why, recorded with the revocation', notAnOption)
    .addHelpText('after', examples('incident-ledger keys revoke 5f243145-8f22-4375-9b21-bf8ab5eedbbe --reason "left the team"'))
    .action((keyId, options) => work.keys().revokeKey(keyId, options));

  program
    .command('export')
    .description('write the whole event log as NDJSON, one event a line (also while the server runs)')
    .option('--out <file>', 'write to this file instead of stdout', fileName)
    .addHelpText('after', `\nThe log includes the API keys' salted hashes: keep exports as safe as the store.${examples('incident-ledger export --out ledger.ndjson')}`)
    .action((options) => work.backup().exportCommand(options));

  program
    .command('import')
    .description('load an export into an empty store, all or nothing (refused while a server uses the store)')
    .argument('<file>', 'an NDJSON file written by export')
    .addHelpText('after', examples('DATA_DIR=./restored incident-ledger import ledger.ndjson'))
    .action((file) => work.backup().importCommand(file));

  program
    .command('backup')
    .description("a consistent copy of the SQLite database, taken while the server writes (SQLite's online backup)")
    .argument('<file>', 'where the copy goes; a server opens it as it is, with DATA_DIR set to its folder')
    .addHelpText('after', examples('incident-ledger backup ./backups/events.sqlite'))
    .action((file) => work.backup().backupCommand(file));

  program
    .command('rebuild-read-models')
    .description('replay the whole log and write a fresh read-model snapshot (refused while a server uses the store)')
    .option('--force', "rebuild even though the store's lease is held: only for a server on another machine sharing an EventStoreDB")
    .addHelpText('after', examples('incident-ledger rebuild-read-models'))
    .action((options) => work.readModels().rebuildReadModelsCommand(options));

  const catalogue = program
    .command('catalogue')
    .description('the service catalogue, teams and people, in Backstage catalog-info.yaml files (also while the server runs)')
    .addHelpText('after', examples('incident-ledger catalogue import ./catalog --dry-run', 'incident-ledger catalogue export --out catalog-info.yaml'));
  catalogue
    .command('import')
    .description('register and update services (kind Component), teams (Group) and people (User) from catalog-info.yaml files, in one write, all or nothing')
    .argument('<paths...>', 'YAML files, or folders searched for *.yaml and *.yml')
    .option('--dry-run', 'print what would change, one line per change, and write nothing')
    .addHelpText(
      'after',
      '\nNothing is removed or retired by an import, and importing the same files again writes nothing. A bad file is refused with its file, line and column, ' +
        'and nothing is written. Tiers, time zones and chat handles come from incident-ledger.dev/* annotations (see the README).' +
        examples('incident-ledger catalogue import ./catalog --dry-run', 'incident-ledger catalogue import ./catalog'),
    )
    .action((paths, options) => work.catalogue().importCatalogueCommand(paths, options));
  catalogue
    .command('export')
    .description('write every team, person and live service as catalog-info.yaml documents')
    .option('--out <file>', 'write to this file instead of stdout', fileName)
    .addHelpText('after', examples('incident-ledger catalogue export --out catalog-info.yaml'))
    .action((options) => work.catalogue().exportCatalogueCommand(options));

  return program;
}
