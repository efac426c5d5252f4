import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/requires.decorator';
import { AppConfig } from '@incident-ledger/application';
import { FRONT_PAGE_HTML } from '@incident-ledger/presentation';

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
    void reply.type('text/html; charset=utf-8').send(FRONT_PAGE_HTML);
  }
}
