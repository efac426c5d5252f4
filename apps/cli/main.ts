/**
 * The admin command line: `node dist/apps/cli/main.js <command>`.
 *
 *   print-schema              print the GraphQL SDL the server serves
 *   print-schema --check F    exit 1 when F differs from it (CI's schema drift check)
 *   keys create|list|revoke   manage API keys (see keys.command.ts)
 *   export [--out F]          the event log as NDJSON
 *   import F                  load an export into an empty store
 *   backup F                  an online copy of the SQLite database
 *   rebuild-read-models       replay the whole log and write a fresh read model snapshot
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { backupCommand, exportCommand, importCommand } from './backup.command';
import { keysCommand } from './keys.command';
import { rebuildReadModelsCommand } from './read-models.command';

async function currentSchema(): Promise<string> {
  const config = loadConfig({ EVENT_STORE: 'memory', GRAPHIQL: 'false' });
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), { logger: false });
  await app.init();
  const { schema } = app.get(GraphQLSchemaHost);
  const sdl = `${printSchema(lexicographicSortSchema(schema))}\n`;
  await app.close();
  return sdl;
}

async function printSchemaCommand(args: string[]): Promise<number> {
  const sdl = await currentSchema();
  const checkIndex = args.indexOf('--check');
  if (checkIndex === -1) {
    process.stdout.write(sdl);
    return 0;
  }
  const file = args[checkIndex + 1];
  if (!file) {
    console.error('print-schema --check needs a file');
    return 2;
  }
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // a missing file differs
  }
  if (committed === sdl) {
    console.log(`${file} matches the served schema`);
    return 0;
  }
  console.error(`${file} differs from the schema the server serves. Run: npm run schema:print > ${file}`);
  return 1;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  'print-schema': printSchemaCommand,
  keys: keysCommand,
  export: exportCommand,
  import: importCommand,
  backup: backupCommand,
  'rebuild-read-models': rebuildReadModelsCommand,
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`usage: incident-ledger <command>\ncommands: ${Object.keys(COMMANDS).join(', ')}`);
    process.exit(2);
  }
  process.exit(await command(args));
}

void main();
