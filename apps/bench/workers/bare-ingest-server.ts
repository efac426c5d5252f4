/**
 * The baseline of alert ingestion: bare Fastify (the product's own, from the
 * repository's node_modules, the HTTP layer the ledger runs on) answering 202
 * to POST /integrations/alertmanager once it has parsed the JSON body, with
 * the ledger's ingest body limit. Nothing of the ledger: no key check, no
 * validation, no routing, no write. What the ledger does per alert is the
 * difference between its figures and these.
 *
 *   node dist/apps/bench/workers/bare-ingest-server.js
 *
 * Listens on 127.0.0.1, port PORT (0: any free one), and prints
 * `{"message":"listening","port":N}` when ready.
 */
import Fastify from 'fastify';
import { runBareServer } from './bare-server-process';

/** The ledger's INGEST_BODY_LIMIT_BYTES default. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

runBareServer(() => {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  // Answers something read from the parsed body, so the parse is not work a clever runtime could skip.
  app.post('/integrations/alertmanager', async (request, reply) => reply.code(202).send({ status: 'accepted', alerts: (request.body as { alerts: unknown[] }).alerts.length }));
  return app;
});
