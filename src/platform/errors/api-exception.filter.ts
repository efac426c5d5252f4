import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpErrorAnswer } from './http-error-answer';

const logger = new Logger('HTTP');

/**
 * Nest logs every exception a resolver throws as an error with its stack,
 * refusals included (NOT_FOUND, CONFLICT, FORBIDDEN), which buries real
 * faults. Here GraphQL errors go to GraphQL unlogged; the error formatter
 * gives them their code and logs the faults of ours. HTTP routes (the review
 * page, /health, unknown paths) answer through the same mapping, as JSON; a
 * fault of ours is logged here and answered without its details.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const answer = httpErrorAnswer(exception);
    if (answer.status >= 500) {
      logger.error({
        message: 'Unexpected error in an HTTP route',
        correlationId: request.id,
        path: request.url.split('?')[0],
        error: exception instanceof Error ? exception.stack : String(exception),
      });
    }
    if (!reply.sent) reply.status(answer.status).header('content-type', 'application/json; charset=utf-8').send(answer.body);
    return undefined;
  }
}
