/** Baseline: bare fastify 5 + mercurius 16, SDL schema, no Nest. */
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { announce, incidents } from './data.js';

const schema = `
  type Incident { id: ID! title: String! status: String! severity: Int! }
  type Query { incident(id: ID!): Incident }
`;
const resolvers = {
  Query: { incident: (_root: unknown, { id }: { id: string }) => incidents.get(id) },
};

const app = Fastify();
await app.register(mercurius, { schema, resolvers, graphiql: false });
await app.listen({ port: 0, host: '127.0.0.1' });
announce(app.server);
