import { AppConfig } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { statusIncidentHtml } from '@incident-ledger/presentation';
import { StatusPageReadModel, StatusPageSettings } from '@incident-ledger/read-models';
import { Inject, Injectable } from '@nestjs/common';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { correlationIdFrom } from '../../platform/graphql/request-context';
import { markAnswer } from '../../platform/http-hardening';
import { DOCUMENTS, FAILED_HEADERS, INCIDENT_PAGES, matches, NOT_FOUND_HEADERS, PAGE, PublicRoute, Render } from './public-status-documents';

interface Rendered {
  version: string;
  /** Encoded once: a string would be encoded again for every answer. */
  body: Buffer | null;
  etag: string;
}

/**
 * The public status page, with no credential: the HTML page, the Statuspage
 * API v2 documents, the history feeds, the badge and the widget JSON. Each is
 * rendered from the public view once per change of the page (and per minute)
 * and answered from memory after that, with an ETag for clients that have it.
 *
 * They are served by a Fastify instance of their own, on the API's server
 * (main.ts hands it the requests `isPublicStatusRequest` picks), rather than
 * by the API's instance: status pages are read hardest during an outage, and
 * the API's request pipeline (Nest's hooks, the credential check, its error
 * mapping) cost them throughput for checks that have nothing to check here
 * (docs/benchmarks.md, "statuspage", has the figures). The instance has these
 * routes and the headers every answer carries; nothing else.
 */
@Injectable()
export class PublicStatusRoutes {
  private readonly rendered = new Map<string, Rendered>();
  private readonly settings: StatusPageSettings;
  private closing: () => boolean = () => false;

  constructor(
    private readonly page: StatusPageReadModel,
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = config.statusPage;
  }

  /**
   * The page's own instance, ready to take the requests `isPublicStatusRequest`
   * picks. It has no hooks: each answer carries what every answer of the
   * server does (see installAnswerHeaders), set here with headers made once;
   * `closing()` says the server is shutting down. A failure tells the public
   * nothing but that the page failed, and `log` the rest.
   */
  async instance(closing: () => boolean, log: (error: unknown) => void): Promise<FastifyInstance> {
    const fastify = Fastify({ genReqId: (request) => correlationIdFrom(request.headers) });
    this.closing = closing;
    fastify.setErrorHandler((error, request, reply) => {
      log(error);
      this.answerHeaders(request, reply, FAILED_HEADERS);
      void reply.code(500).send('The status page could not be shown; try again in a moment');
    });
    this.install(fastify);
    await fastify.ready();
    return fastify;
  }

  /** `headers`, made once for the answer's kind, and what every answer of the server carries (markAnswer). */
  private answerHeaders(request: FastifyRequest, reply: FastifyReply, headers: Readonly<Record<string, string>>): void {
    void reply.headers(headers);
    markAnswer(request, reply, this.closing);
  }

  private install(fastify: FastifyInstance): void {
    for (const [path, publicRoute] of DOCUMENTS) fastify.get(path, (request, reply) => this.answer(path, publicRoute, request, reply));
    fastify.get<{ Params: { id: string } }>(`${INCIDENT_PAGES}:id`, (request, reply) => {
      const { id } = request.params;
      this.answer(`incident:${id}`, { ...PAGE, render: (settings, page) => statusIncidentHtml(settings, page, id) }, request, reply);
    });
  }

  /** Renders (or takes from memory) one public response, and answers 304 to a client whose copy is current. */
  private answer(key: string, publicRoute: PublicRoute, request: FastifyRequest, reply: FastifyReply): void {
    const rendered = this.renderedFor(key, publicRoute.render);
    if (rendered.body === null) {
      this.answerHeaders(request, reply, NOT_FOUND_HEADERS);
      void reply.code(404).send('Not on this status page');
      return;
    }
    this.answerHeaders(request, reply, publicRoute.headers);
    void reply.header('etag', rendered.etag);
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
