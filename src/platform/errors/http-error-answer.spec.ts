import { GraphQLError } from 'graphql';
import { ForbiddenError } from '../auth/auth.errors';
import { InputValidationError } from './error-codes';
import { httpErrorAnswer } from './http-error-answer';

describe('httpErrorAnswer: errors on the HTTP routes beside /graphql', () => {
  it('answers a fault of ours with 500 INTERNAL_SERVER_ERROR and none of its details', () => {
    const answer = httpErrorAnswer(new RangeError('Invalid time value'));
    expect(answer).toEqual({ status: 500, body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
    expect(JSON.stringify(answer)).not.toMatch(/RangeError|Invalid time value|at /);
  });

  it('answers bad input with 400 BAD_USER_INPUT and the fields, as GraphQL does', () => {
    expect(httpErrorAnswer(new InputValidationError([{ field: 'to', messages: ['to must be after from'] }]))).toEqual({
      status: 400,
      body: { errors: [{ message: 'to must be after from', extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT', fields: [{ field: 'to', messages: ['to must be after from'] }] } }] },
    });
  });

  it('keeps the code an error was raised with, at its HTTP status', () => {
    expect(httpErrorAnswer(new ForbiddenError('needs read access'))).toEqual({ status: 403, body: { errors: [{ message: 'needs read access', extensions: { code: 'FORBIDDEN' } }] } });
    expect(httpErrorAnswer(new GraphQLError('odd', { extensions: { code: 'SOMETHING_ELSE' } })).status).toBe(500);
  });

  it('answers refusals of the HTTP layer at their status, with a code', () => {
    const notFound = Object.assign(new Error('Cannot GET /reports/unknown'), { getStatus: () => 404 });
    expect(httpErrorAnswer(notFound)).toEqual({ status: 404, body: { errors: [{ message: 'Cannot GET /reports/unknown', extensions: { code: 'NOT_FOUND' } }] } });
    const mediaType = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(httpErrorAnswer(mediaType)).toEqual({ status: 415, body: { errors: [{ message: 'Unsupported Media Type', extensions: { code: 'BAD_REQUEST' } }] } });
    expect(httpErrorAnswer(Object.assign(new Error('upstream'), { statusCode: 502 })).status).toBe(500);
  });
});
