import type { FastifyInstance } from 'fastify';

/**
 * How a bare Fastify baseline runs as a process of its own: it listens on
 * 127.0.0.1, port PORT (0: any free one), prints `{"message":"listening","port":N}`
 * when ready (what the runner waits for), and closes on SIGTERM; a failure to
 * start is printed and ends the process.
 */
export function runBareServer(build: () => FastifyInstance): void {
  const serve = async () => {
    const app = build();
    await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ message: 'listening', port })}\n`);
    process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  };
  serve().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
