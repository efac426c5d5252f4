/** NestJS 12 + platform-fastify + @nestjs/mercurius. `--jit` turns on mercurius `jit: 1`. */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { announce } from './data.js';
import { IncidentResolver } from './nest-schema.js';

const jit = process.argv.includes('--jit') ? 1 : 0;

@Module({
  imports: [
    GraphQLModule.forRoot<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      autoSchemaFile: true,
      graphiql: false,
      fieldResolverEnhancers: [],
      jit,
    }),
  ],
  providers: [IncidentResolver],
})
class AppModule {}

const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer());
