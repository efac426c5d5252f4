import { CommandIdReusedError } from '@incident-ledger/application';
import { apiKeyStreamId, DomainError, DomainErrorReason, incidentStreamId, reviewLinkStreamId } from '@incident-ledger/domain';
import { WrongExpectedRevisionError } from '@incident-ledger/event-store';
import { InvalidCursorError, UnknownIncidentError } from '@incident-ledger/read-models';
import { locatedError } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../auth/auth.errors';
import { CONTEXT_ERRORS } from './domain-refusals';
import { InputValidationError } from './error-codes';
import { formatGraphQLError } from './graphql-error-formatter';
import { httpErrorAnswer } from './http-error-answer';

/** What a client reads of an error thrown by a resolver. */
function overGraphQL(error: Error) {
  const { message, extensions } = formatGraphQLError(locatedError(error, undefined, ['field']), { error: () => undefined });
  return { message, extensions };
}

/** What a client reads of the same error thrown by an HTTP route. */
function overHttp(error: Error) {
  const [{ message, extensions }] = httpErrorAnswer(error).body.errors;
  return { message, extensions };
}

const CODES = { invalid: ['BAD_USER_INPUT', 400], 'not-found': ['NOT_FOUND', 404], conflict: ['CONFLICT', 409] } as const;

const everyReason = CONTEXT_ERRORS.flatMap((context) => Object.entries(context.reasons)) as Array<[DomainErrorReason, keyof typeof CODES]>;

describe('the error mapping, for GraphQL and HTTP alike', () => {
  it.each(everyReason)('maps %s, with its reason and facts, to the code of its kind (%s)', (reason, kind) => {
    const error = new DomainError(reason, `refused: ${reason}`, { incidentId: 'inc-1' });
    const [code, status] = CODES[kind];
    expect(overGraphQL(error)).toEqual({ message: `refused: ${reason}`, extensions: { code, reason, incidentId: 'inc-1' } });
    expect(httpErrorAnswer(error).status).toBe(status);
  });

  const samples: Array<[string, Error]> = [
    ...everyReason.map(([reason]): [string, Error] => [reason, new DomainError(reason, `refused: ${reason}`, { field: 'x' })]),
    ['a lost race', new WrongExpectedRevisionError(apiKeyStreamId('k1'), 2, 4)],
    ['bad input', new InputValidationError([{ field: 'to', messages: ['to must be after from'] }])],
    ['a reused command id', new CommandIdReusedError('c1')],
    ['a foreign cursor', new InvalidCursorError()],
    ['an unknown incident', new UnknownIncidentError('inc-9')],
    ['no credential', new UnauthenticatedError()],
    ['a role without the permission', new ForbiddenError('reviewReport needs the VIEWER role')],
  ];

  it.each(samples)('answers %s with the same code, reason and message over HTTP as over GraphQL', (_name, error) => {
    expect(overHttp(error)).toEqual(overGraphQL(error));
    expect(overHttp(error).extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('a lost race (VERSION_CONFLICT)', () => {
  it.each([
    [incidentStreamId('inc-1'), 'The incident has changed'],
    [apiKeyStreamId('k1'), 'The API key has changed'],
    [reviewLinkStreamId('hash'), 'The review link has changed'],
  ])('names what changed in %s', (streamId, opening) => {
    expect(overGraphQL(new WrongExpectedRevisionError(streamId, 2, 4))).toEqual({
      message: `${opening}: it is at version 5, you expected 3. Nothing was written; reload it and decide again.`,
      extensions: { code: 'CONFLICT', reason: 'VERSION_CONFLICT', actualVersion: 5, expectedVersion: 3 },
    });
  });

  it('has a noun for the streams of every context', () => {
    for (const context of CONTEXT_ERRORS) {
      for (const [prefix, noun] of Object.entries(context.streams)) {
        expect(overGraphQL(new WrongExpectedRevisionError(`${prefix}x`, 0, 1)).message).toMatch(new RegExp(`^The ${noun} has changed`));
      }
    }
  });
});
