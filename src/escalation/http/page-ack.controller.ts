import { PageAcknowledgementAnswer, PageAcknowledgementRefusal, PageAcknowledgements } from '@incident-ledger/application';
import { PageAcknowledgementView, renderPageAcknowledgedHtml, renderPageConfirmationHtml, renderPageLinkRefusedHtml } from '@incident-ledger/presentation';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/auth/requires.decorator';
import { sendLinkPage } from '../../platform/http-hardening';

/** An expired link is gone (410); a used one, or one for an incident that is over, conflicts (409); the others never opened a page (404). */
const REFUSAL_STATUS: Record<PageAcknowledgementRefusal, number> = {
  EXPIRED: 410,
  ALREADY_USED: 409,
  INCIDENT_OVER: 409,
  MALFORMED: 404,
  BAD_SIGNATURE: 404,
  UNKNOWN_KEY: 404,
  NOT_FOUND: 404,
};

/**
 * GET and POST /pages/<token>: the link a page carries, so that a person on
 * a phone acknowledges it without an API key (see PageAcknowledgements). GET
 * asks, POST acknowledges; both answer a page, refusals included.
 */
@Controller('pages')
export class PageAckController {
  constructor(private readonly acknowledgements: PageAcknowledgements) {}

  @Get(':token')
  @Public()
  async confirm(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    sendPage(reply, await this.acknowledgements.ask(token));
  }

  /** The form posts text/plain with no fields (Fastify reads it without a parser of ours): the link is the whole request. */
  @Post(':token')
  @Public()
  async acknowledge(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendPage(reply, await this.acknowledgements.acknowledge(token, request.id));
  }
}

function sendPage(reply: FastifyReply, answer: PageAcknowledgementAnswer): void {
  if (answer.outcome === 'REFUSED') {
    return send(reply, REFUSAL_STATUS[answer.refusal], renderPageLinkRefusedHtml(answer.refusal, { person: answer.page?.person ?? null, incident: answer.incident }));
  }
  const { id, title, severity, status, services } = answer.incident;
  const view: PageAcknowledgementView = { incidentId: id, title, severity, status, services, person: answer.page.person, expiresAt: answer.expiresAt.toISOString() };
  send(reply, 200, answer.outcome === 'ASK' ? renderPageConfirmationHtml(view) : renderPageAcknowledgedHtml(view));
}

/** Inline styles and a form that posts back here are all the page may use. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function send(reply: FastifyReply, status: number, page: string): void {
  sendLinkPage(reply, status, page, PAGE_POLICY);
}
