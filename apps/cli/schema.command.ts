import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { CommandFailedError } from './cli.errors';

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

/** `print-schema [--check <file>]`: prints the SDL, or fails when `file` differs from it (CI's schema drift check). */
export async function printSchemaCommand({ check: file }: { check?: string }): Promise<void> {
  const sdl = await currentSchema();
  if (file === undefined) {
    process.stdout.write(sdl);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // a missing file differs
  }
  if (committed !== sdl) throw new CommandFailedError(`${file} differs from the schema the server serves. Run: npm run schema:print > ${file}`);
  console.log(`${file} matches the served schema`);
}
