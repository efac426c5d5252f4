/** NestJS 12 + platform-express + @nestjs/apollo (Apollo Server 5). */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { NestExpressApplication } from '@nestjs/platform-express';
import { announce } from './data.js';
import { IncidentResolver } from './nest-schema.js';

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: true,
      graphiql: false,
      fieldResolverEnhancers: [],
    }),
  ],
  providers: [IncidentResolver],
})
class AppModule {}

const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false });
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer());
