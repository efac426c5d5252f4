import { AppConfig } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { historyAtom, historyRss, STATUSPAGE_API_DOCUMENTS, statusBadgeSvg, statusIncidentHtml, statusPageHtml, statusWidget } from '@incident-ledger/presentation';
import { PublicStatusPage, StatusPageReadModel, StatusPageSettings } from '@incident-ledger/read-models';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { CLOCK } from '../../platform/core/ledger-core.module';

/** Short: a status page is read hardest during an outage, when it also changes most; shared caches may keep it this long. */
const CACHE_CONTROL = 'public, max-age=15';
/** The page may use its own inline styles, images (the logo, from wherever the configuration says; its empty icon) and forms that post back here; nothing else, no script. */
export const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; base-uri 'none'; form-action 'self'";
/** The badge is an image: no script in it ever runs. */
const BADGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const OPEN = { 'access-control-allow-origin': '*' };

type Render = (settings: StatusPageSettings, page: PublicStatusPage) => string | null;

interface PublicRoute {
  render: Render;
  /** Every header of a 200 but the ETag, made once. */
  headers: Readonly<Record<string, string>>;
}

interface Rendered {
  version: string;
  /** Encoded once: a string would be encoded again for every answer. */
  body: Buffer | null;
  etag: string;
}

const json =
  (document: (settings: StatusPageSettings, page: PublicStatusPage) => object): Render =>
  (settings, page) =>
    JSON.stringify(document(settings, page));

function route(render: Render, contentType: string, headers: Record<string, string> = {}): PublicRoute {
  return { render, headers: { ...headers, 'content-type': contentType, 'cache-control': CACHE_CONTROL, 'x-content-type-options': 'nosniff' } };
}

/**
 * The public status page, with no credential: the HTML page, the Statuspage
 * API v2 documents, the history feeds, the badge and the widget JSON. Each is
 * rendered from the public view once per change of the page (and per minute)
 * and answered from memory after that, with an ETag for clients that have it.
 *
 * Plain Fastify routes rather than a Nest controller: status pages are read
 * hardest during an outage, and what Nest adds to each request (its router,
 * guards, pipes) cost a fifth of the throughput of answering from memory
 * (see docs/benchmarks.md, "statuspage"). They declare their credential rule
 * as every route does (`ignored`), so the authentication hook treats them as
 * it treats @Public() routes.
 */
@Injectable()
export class PublicStatusRoutes {
  private readonly rendered = new Map<string, Rendered>();
  private readonly settings: StatusPageSettings;

  constructor(
    private readonly page: StatusPageReadModel,
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = config.statusPage;
  }

  install(fastify: FastifyInstance): void {
    const get = (url: string, publicRoute: PublicRoute) =>
      fastify.get(url, { config: { credential: 'ignored' } }, (request, reply) => this.answer(url, publicRoute, request, reply));
    get('/status', route(statusPageHtml, HTML, { 'content-security-policy': PAGE_POLICY }));
    get('/status/badge.svg', route(statusBadgeSvg, 'image/svg+xml; charset=utf-8', { 'content-security-policy': BADGE_POLICY, ...OPEN }));
    get('/status/widget.json', route(json(statusWidget), JSON_TYPE, OPEN));
    get('/history.atom', route(historyAtom, 'application/atom+xml; charset=utf-8', OPEN));
    get('/history.rss', route(historyRss, 'application/rss+xml; charset=utf-8', OPEN));
    for (const [path, document] of Object.entries(STATUSPAGE_API_DOCUMENTS)) get(`/api/v2/${path}`, route(json(document), JSON_TYPE, OPEN));
    const incidentPage = route(statusPageHtml, HTML, { 'content-security-policy': PAGE_POLICY });
    fastify.get<{ Params: { id: string } }>('/status/incidents/:id', { config: { credential: 'ignored' } }, (request, reply) => {
      const { id } = request.params;
      this.answer(`incident:${id}`, { ...incidentPage, render: (settings, page) => statusIncidentHtml(settings, page, id) }, request, reply);
    });
  }

  /** Renders (or takes from memory) one public response, and answers 304 to a client whose copy is current. */
  private answer(key: string, publicRoute: PublicRoute, request: FastifyRequest, reply: FastifyReply): void {
    const rendered = this.renderedFor(key, publicRoute.render);
    if (rendered.body === null) {
      void reply.code(404).headers({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': CACHE_CONTROL }).send('Not on this status page');
      return;
    }
    void reply.headers(publicRoute.headers).header('etag', rendered.etag);
    if (matches(request.headers['if-none-match'], rendered.etag)) {
      void reply.code(304).send();
      return;
    }
    void reply.code(200).send(rendered.body);
  }

  private renderedFor(key: string, render: Render): Rendered {
    const now = this.clock.now();
    const version = this.page.versionAt(now);
    const cached = this.rendered.get(key);
    if (cached?.version === version) return cached;
    const text = render(this.settings, this.page.page(now));
    const body = text === null ? null : Buffer.from(text, 'utf8');
    const rendered = { version, body, etag: body === null ? '' : `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
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
