/**
 * The baseline of the status page under load: bare Fastify (the product's
 * own, from the repository's node_modules) answering documents held in
 * memory, each with the very body and headers the ledger answered it with
 * (content type, ETag, cache and security headers), and 304 to a GET whose
 * If-None-Match is that ETag. Nothing of the ledger: no Nest, no read model,
 * no clock, no version check. What the ledger spends per request is the
 * difference between its figures and these.
 *
 *   STATIC_DOCUMENTS=<file> node dist/apps/bench/workers/bare-static-server.js
 *
 * The file is JSON, StaticDocument[]. Listens on 127.0.0.1, port PORT (0: any
 * free one), and prints `{"message":"listening","port":N}` when ready.
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { runBareServer } from './bare-server-process';

export interface StaticDocument {
  /** The route, e.g. `/api/v2/summary.json`. */
  path: string;
  /** The ledger's answer headers but those of the connection (date, content-length, connection, keep-alive). */
  headers: Record<string, string>;
  body: string;
}

runBareServer(() => {
  const documents = JSON.parse(readFileSync(process.env.STATIC_DOCUMENTS ?? '', 'utf8')) as StaticDocument[];
  const app = Fastify({ logger: false });
  for (const document of documents) {
    const etag = document.headers.etag;
    app.get(document.path, (request, reply) => {
      void reply.headers(document.headers);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.code(200).send(document.body);
    });
  }
  return app;
});
