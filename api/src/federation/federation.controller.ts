import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/access.decorator.js';
import { FederationService } from './federation.service.js';
import { InboxThrottle } from './inbox-throttle.js';

// Largest ActivityPub body taken in (an activity with its embedded object).
export const MAX_ACTIVITY_BYTES = 256 * 1024;

// The routes ActivityPub peers and fediverse clients use: WebFinger, NodeInfo, actors and inboxes.
// Each request is handed to Fedify as a Web request; its answer goes back as it is.
@Controller()
export class FederationController {
  constructor(
    private readonly federation: FederationService,
    private readonly throttle: InboxThrottle,
  ) {}

  @Public()
  @All(['.well-known/webfinger', '.well-known/nodeinfo', 'nodeinfo/2.1', 'ap/*'])
  async route(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const url = new URL(req.url, `${req.protocol}://${req.host}`);
    // Posts to an inbox are limited per peer address.
    if (req.method === 'POST' && /\/inbox$/.test(url.pathname)) {
      const wait = await this.throttle.admit(req.ip);
      if (wait !== null) {
        res
          .status(429)
          .header('Retry-After', String(wait))
          .type('application/json')
          .send({ error: { code: 'RATE_LIMITED', message: `Too many activities from your address; try again in ${wait} s.` } });
        return;
      }
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (req.body as Buffer | string | undefined);
    const response = await this.federation.handle(new Request(url, { method: req.method, headers, body }));
    if (!response) {
      res.status(404).type('application/json').send({ error: 'not found' });
      return;
    }
    res.status(response.status);
    response.headers.forEach((value, name) => void res.header(name, value));
    res.send(Buffer.from(await response.arrayBuffer()));
  }
}
