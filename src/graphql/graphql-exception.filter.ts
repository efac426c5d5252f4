import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Nest logs every exception a resolver throws as an error with its stack,
 * refusals included (NOT_FOUND, CONFLICT, FORBIDDEN), which buries real
 * faults. Here GraphQL errors go to GraphQL unlogged; the error formatter
 * logs the faults of ours. HTTP routes keep Nest's own handling.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
