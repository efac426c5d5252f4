import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createReadStream, readFileSync } from 'node:fs';
import { Public } from '../auth/requires.decorator';
import { GRAPHIQL_ASSETS, GRAPHIQL_PAGE } from './graphiql-assets';

/**
 * The GraphiQL page may run scripts from this server only: no inline script,
 * no eval, nothing from another host. Styles too, with one exception: its
 * dialogs lock the page's scrolling with a <style> element computed as they
 * open, and the bundle offers no way to give it a nonce. Inline styles cannot
 * run script. Fonts and a few images are data: URLs inside GraphiQL's
 * stylesheet; GraphiQL talks to /graphql over HTTP and graphql-ws, both this
 * server ('self').
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL at /graphiql (when GRAPHIQL=true), with every file it loads served
 * from the installed packages at /graphiql/assets/<name>. The page itself is
 * open, as it was; every request it makes to /graphql needs a key.
 */
@Controller('graphiql')
export class GraphiqlController {
  private readonly page = readFileSync(GRAPHIQL_PAGE, 'utf8');

  @Get()
  @Public()
  graphiql(@Res() reply: FastifyReply): void {
    void reply.header('content-security-policy', GRAPHIQL_CSP).type('text/html; charset=utf-8').send(this.page);
  }

  @Get('assets/:name')
  @Public()
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    const asset = GRAPHIQL_ASSETS.get(name);
    if (!asset) throw new NotFoundException(`No GraphiQL asset named ${name}`);
    void reply.type(asset.contentType).send(createReadStream(asset.file));
  }
}
