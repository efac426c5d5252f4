/**
 * `node dist/src/print-schema.js [--check <file>]` (`npm run schema:print`,
 * `npm run schema:check`): prints the GraphQL SDL the server serves, or fails
 * (exit code 1) when `file` differs from it: CI's schema drift check. It
 * lives with the server because it starts the server's own module.
 */
import 'reflect-metadata';
import { loadConfig } from '@incident-ledger/application';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { AppModule } from './app.module';

/** The SDL the server serves, from the application itself on a throwaway in-memory store. */
async function currentSchema(): Promise<string> {
  const config = loadConfig({ EVENT_STORE: 'memory', GRAPHIQL: 'false' });
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), { logger: false });
  await app.init();
  const { schema } = app.get(GraphQLSchemaHost);
  const sdl = `${printSchema(lexicographicSortSchema(schema))}\n`;
  await app.close();
  return sdl;
}

/** Prints the SDL; with `file`, says whether it matches instead. Returns the exit code. */
async function printOrCheck({ check: file }: { check?: string }): Promise<number> {
  const sdl = await currentSchema();
  if (file === undefined) {
    process.stdout.write(sdl);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // a missing file differs
  }
  if (committed !== sdl) {
    process.stderr.write(`error: ${file} differs from the schema the server serves. Run: npm run schema:print > ${file}\n`);
    return 1;
  }
  process.stdout.write(`${file} matches the served schema\n`);
  return 0;
}

async function main(): Promise<void> {
  const program = new Command('print-schema')
    .description('print the GraphQL SDL the server serves, or check a file against it')
    .option('--check <file>', 'compare this file with the served schema instead of printing it: exit code 1 when they differ')
    .exitOverride();
  let code: number;
  try {
    code = await printOrCheck(program.parse(process.argv).opts<{ check?: string }>());
  } catch (error) {
    // Commander has printed its message (or the help) already: 2 for a usage error.
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? 0 : 2;
  }
  process.exit(code);
}

void main();
