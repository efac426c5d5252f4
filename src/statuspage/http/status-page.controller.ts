import { AppConfig } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { historyAtom, historyRss, STATUSPAGE_API_DOCUMENTS, statusBadgeSvg, statusIncidentHtml, statusPageHtml, statusWidget } from '@incident-ledger/presentation';
import { PublicStatusPage, StatusPageReadModel, StatusPageSettings } from '@incident-ledger/read-models';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Public } from '../../platform/auth/requires.decorator';
import { CLOCK } from '../../platform/core/ledger-core.module';

/** Short: a status page is read hardest during an outage, when it also changes most; shared caches may keep it this long. */
const CACHE_CONTROL = 'public, max-age=15';
/** The page may use its own inline styles, images (the logo, from wherever the configuration says) and forms that post back here; nothing else, no script. */
export const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https:; base-uri 'none'; form-action 'self'";
/** The badge is an image: no script in it ever runs. */
const BADGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

interface Rendered {
  version: string;
  body: string;
  etag: string;
}

type Render = (settings: StatusPageSettings, page: PublicStatusPage) => string | null;

const json = (document: (settings: StatusPageSettings, page: PublicStatusPage) => object): Render => (settings, page) => JSON.stringify(document(settings, page));

/**
 * The public status page, with no credential: the HTML page, the Statuspage
 * API v2 documents, the history feeds, the badge and the widget JSON. Each is
 * rendered from the public view once per change of the page (and per minute)
 * and answered from memory after that, with an ETag for clients that have it.
 */
@Controller()
export class StatusPageController {
  private readonly rendered = new Map<string, Rendered | { version: string; body: null }>();
  private readonly settings: StatusPageSettings;

  constructor(
    private readonly page: StatusPageReadModel,
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = config.statusPage;
  }

  @Get('status')
  @Public()
  statusPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer('status', statusPageHtml, 'text/html; charset=utf-8', request, reply, { 'content-security-policy': PAGE_POLICY });
  }

  @Get('status/incidents/:id')
  @Public()
  incidentPage(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer(`incident:${id}`, (settings, page) => statusIncidentHtml(settings, page, id), 'text/html; charset=utf-8', request, reply, { 'content-security-policy': PAGE_POLICY });
  }

  @Get('status/badge.svg')
  @Public()
  badge(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer('badge', statusBadgeSvg, 'image/svg+xml; charset=utf-8', request, reply, { 'content-security-policy': BADGE_POLICY, 'access-control-allow-origin': '*' });
  }

  @Get('status/widget.json')
  @Public()
  widget(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer('widget', json(statusWidget), 'application/json; charset=utf-8', request, reply, { 'access-control-allow-origin': '*' });
  }

  @Get('history.atom')
  @Public()
  atom(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer('atom', historyAtom, 'application/atom+xml; charset=utf-8', request, reply, { 'access-control-allow-origin': '*' });
  }

  @Get('history.rss')
  @Public()
  rss(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.answer('rss', historyRss, 'application/rss+xml; charset=utf-8', request, reply, { 'access-control-allow-origin': '*' });
  }

  @Get('api/v2/:document')
  @Public()
  apiDocument(@Param('document') document: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.apiAnswer(document, request, reply);
  }

  @Get('api/v2/:collection/:document')
  @Public()
  apiSubDocument(@Param('collection') collection: string, @Param('document') document: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.apiAnswer(`${collection}/${document}`, request, reply);
  }

  private apiAnswer(path: string, request: FastifyRequest, reply: FastifyReply): void {
    const document = Object.hasOwn(STATUSPAGE_API_DOCUMENTS, path) ? STATUSPAGE_API_DOCUMENTS[path] : null;
    const cors = { 'access-control-allow-origin': '*' };
    if (!document) {
      void reply.code(404).headers(cors).send({ error: 'Not Found', message: `No such document: /api/v2/${path}`, statusCode: 404 });
      return;
    }
    this.answer(`api:${path}`, json(document), 'application/json; charset=utf-8', request, reply, cors);
  }

  /** Renders (or takes from memory) one public response, and answers 304 to a client whose copy is current. */
  private answer(key: string, render: Render, contentType: string, request: FastifyRequest, reply: FastifyReply, headers: Record<string, string>): void {
    const rendered = this.renderedFor(key, render);
    void reply.headers({ ...headers, 'x-content-type-options': 'nosniff' });
    if (rendered.body === null) {
      void reply.code(404).header('content-type', 'text/plain; charset=utf-8').header('cache-control', CACHE_CONTROL).send('Not on this status page');
      return;
    }
    void reply.header('etag', rendered.etag).header('cache-control', CACHE_CONTROL);
    if (matches(request.headers['if-none-match'], rendered.etag)) {
      void reply.code(304).send();
      return;
    }
    void reply.code(200).header('content-type', contentType).send(rendered.body);
  }

  private renderedFor(key: string, render: Render): Rendered | { version: string; body: null } {
    const now = this.clock.now();
    const version = this.page.versionAt(now);
    const cached = this.rendered.get(key);
    if (cached?.version === version) return cached;
    const body = render(this.settings, this.page.page(now));
    const rendered = body === null ? { version, body } : { version, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    // Incident pages are one entry each: a crawler asking for ids that do not exist must not grow the map for ever.
    if (body !== null || !key.startsWith('incident:')) this.rendered.set(key, rendered);
    return rendered;
  }
}

/** If-None-Match: a list of ETags (weak ones compare equal too), or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
