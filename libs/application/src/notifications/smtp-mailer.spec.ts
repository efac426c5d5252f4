import { OutboundAnswer } from './outbound-http';
import { judgeMailAttempt, smtpAccepted, smtpFailed, SmtpFailure } from './smtp-mailer';

const NOW = new Date('2026-12-02T10:00:00Z');

/** How nodemailer reports a send that every recipient refused (seen against smtp-server). */
function allRejected(...replies: [number, string][]): SmtpFailure {
  const rejectedErrors = replies.map(([responseCode, text]) => ({ message: `Recipient command failed: ${responseCode} ${text}`, code: 'EENVELOPE', responseCode, response: `${responseCode} ${text}` }));
  const last = rejectedErrors[rejectedErrors.length - 1];
  return { message: `Can't send mail - all recipients were rejected: ${last.response}`, code: 'EENVELOPE', responseCode: last.responseCode, response: last.response, rejectedErrors };
}

function verdictOf(answer: Omit<OutboundAnswer, 'durationMs'>) {
  return judgeMailAttempt({ ...answer, durationMs: 3 } as OutboundAnswer, NOW);
}

describe('an email attempt', () => {
  it('is delivered when the server accepts the message, with its reply code', () => {
    expect(verdictOf(smtpAccepted('250 2.0.0 OK: queued as 4F2A'))).toMatchObject({ delivered: true, outcome: 'RESPONSE', status: 250, error: null, retry: false });
  });

  it('is a dead letter at once when every recipient is refused for good (550), with the reply as its error', () => {
    expect(verdictOf(smtpFailed(allRejected([550, '5.1.1 Mailbox unavailable'])))).toEqual({
      delivered: false,
      outcome: 'RESPONSE',
      status: 550,
      error: 'SMTP 550 5.1.1 Mailbox unavailable',
      retry: false,
      retryAfterSeconds: null,
      disableChannel: false,
    });
  });

  it('is a dead letter when the server refuses the message itself after DATA (554)', () => {
    const refused = { message: 'Message failed: 554 5.7.1 Rejected as spam', code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Rejected as spam' };
    expect(verdictOf(smtpFailed(refused))).toMatchObject({ status: 554, retry: false, error: 'SMTP 554 5.7.1 Rejected as spam' });
  });

  it('is tried again when the refusal is transient (4xx), or when one recipient of several may still accept it', () => {
    expect(verdictOf(smtpFailed(allRejected([451, '4.2.1 Try again later'])))).toMatchObject({ status: 451, retry: true, error: 'SMTP 451 4.2.1 Try again later' });
    expect(verdictOf(smtpFailed(allRejected([452, '4.2.2 Mailbox full'], [550, '5.1.1 No such user'])))).toMatchObject({ status: 452, retry: true });
  });

  it('is tried again after 503 (a bad sequence of commands is the session’s fault, not the message’s)', () => {
    expect(verdictOf(smtpFailed({ message: 'Message failed: 503 5.5.1 Bad sequence', code: 'EMESSAGE', responseCode: 503, response: '503 5.5.1 Bad sequence' }))).toMatchObject({ retry: true });
  });

  it('is tried again when the server cannot be reached or does not answer in time', () => {
    const refused = smtpFailed({ message: 'connect ECONNREFUSED 127.0.0.1:2525', code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
    expect(refused).toEqual({ outcome: 'network', detail: 'connect ECONNREFUSED 127.0.0.1:2525' });
    expect(verdictOf(refused)).toMatchObject({ outcome: 'NETWORK', retry: true, error: 'connect ECONNREFUSED 127.0.0.1:2525' });
    const silent = smtpFailed({ message: 'Greeting never received', code: 'ETIMEDOUT' });
    expect(verdictOf(silent)).toMatchObject({ outcome: 'TIMEOUT', retry: true, error: 'Greeting never received' });
  });

  it('is tried again when the server refuses the login: the operator fixes SMTP_URL, and waiting deliveries then go out', () => {
    const answer = smtpFailed({ message: 'Invalid login: 535 Authentication failed', code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' });
    expect(answer).toEqual({ outcome: 'network', detail: 'EAUTH: Invalid login: 535 Authentication failed' });
    expect(verdictOf(answer)).toMatchObject({ retry: true });
  });

  it('keeps the start of a long reply only', () => {
    const long = smtpFailed({ message: 'x', code: 'EMESSAGE', responseCode: 550, response: `550 ${'a'.repeat(5_000)}` });
    expect(verdictOf(long).error).toHaveLength('SMTP '.length + 200);
  });
});
