/**
 * The baseline server of `npm run bench`: bare Fastify + Mercurius, the HTTP
 * and GraphQL layers the ledger runs on, with nothing of the ledger. Whatever
 * the ledger adds (Nest, authentication, validation, the read models, the
 * event store) is the difference between its figures and these.
 *
 *   incident(id)             a lookup in a Map of 1,000 incidents: the trivial query
 *   addNote(incidentId, text) publishes the note to the incident's topic
 *   noteAdded(incidentId)     graphql-ws subscription to that topic: the fan-out baseline
 *
 * Uses the product's own fastify and mercurius (resolved from the repository's
 * node_modules), so the versions are the ones the ledger runs on. Listens on
 * 127.0.0.1, port PORT (0: any free one), and prints
 * `{"message":"listening","port":N}` when ready.
 */
import Fastify from 'fastify';
import mercurius from 'mercurius';

interface Incident {
  id: string;
  title: string;
  status: string;
  severity: string;
}

const STATUSES = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'];
const incidents = new Map<string, Incident>();
for (let i = 0; i < 1000; i++) {
  const id = `inc-${String(i).padStart(4, '0')}`;
  incidents.set(id, { id, title: `Incident number ${i}`, status: STATUSES[i % 4], severity: `SEV${(i % 5) + 1}` });
}

const schema = `
  type Incident { id: ID! title: String! status: String! severity: String! }
  type Note { incidentId: ID! text: String! at: String! }
  type Query { incident(id: ID!): Incident }
  type Mutation { addNote(incidentId: ID!, text: String!): Note! }
  type Subscription { noteAdded(incidentId: ID!): Note! }
`;

interface PubSub {
  publish(event: { topic: string; payload: unknown }): Promise<void> | void;
  subscribe(topic: string): unknown;
}

const resolvers = {
  Query: { incident: (_root: unknown, { id }: { id: string }) => incidents.get(id) },
  Mutation: {
    addNote: async (_root: unknown, { incidentId, text }: { incidentId: string; text: string }, { pubsub }: { pubsub: PubSub }) => {
      const note = { incidentId, text, at: new Date().toISOString() };
      await pubsub.publish({ topic: `notes:${incidentId}`, payload: { noteAdded: note } });
      return note;
    },
  },
  Subscription: {
    noteAdded: { subscribe: (_root: unknown, { incidentId }: { incidentId: string }, { pubsub }: { pubsub: PubSub }) => pubsub.subscribe(`notes:${incidentId}`) },
  },
};

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(mercurius, { schema, resolvers, graphiql: false, subscription: true, jit: 1 } as never);
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ message: 'listening', port })}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
