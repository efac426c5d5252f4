import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/requires.decorator';
import { AppConfig } from '@incident-ledger/application';

/**
 * What someone who opens the server's address sees. No styles and no
 * scripts, so the default policy (load nothing) holds; no version, so it
 * tells nobody which release runs.
 */
const FRONT_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>Incident Ledger</title>
</head>
<body>
<h1>Incident Ledger</h1>
<p>An event-sourced incident-response backend. Its API is GraphQL at <a href="/graphql"><code>/graphql</code></a>
(queries and mutations over HTTP POST, subscriptions over graphql-ws); every request needs an API key:
<code>Authorization: Bearer &lt;key&gt;</code>.</p>
<p>GraphiQL is turned off on this server (<code>GRAPHIQL=false</code>). The README that comes with the server
explains the API, the roles and the configuration; <code>schema.graphql</code> beside it is the schema.</p>
</body>
</html>
`;

/** `/`: GraphiQL when it is on, else a page that says what this server is. */
@Controller()
export class FrontPageController {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  @Get()
  @Public()
  frontPage(@Res() reply: FastifyReply): void {
    if (this.config.GRAPHIQL === 'true') {
      void reply.redirect('/graphiql', 302);
      return;
    }
    void reply.type('text/html; charset=utf-8').send(FRONT_PAGE);
  }
}
