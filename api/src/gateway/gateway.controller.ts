import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { parseDagScope, parseEntityBytes } from '../ipfs/car-scope.js';
import { ContentService, parseCid } from '../ipfs/content.service.js';
import { GATEWAY_HEADERS } from '../web/security-headers.js';
import { parseRange } from './range.js';

const IMMUTABLE = 'public, max-age=29030400, immutable';
const CAR = 'application/vnd.ipld.car';
const RAW = 'application/vnd.ipld.raw';

// mime-types' database (~200 KB of JSON) is read when the gateway first serves a file.
const require = createRequire(import.meta.url);
let mime: typeof import('mime-types') | undefined;
const mimeTypes = () => (mime ??= require('mime-types') as typeof import('mime-types'));

// A read-only IPFS path gateway over the platform's blockstore: files with their
// content type and byte ranges, directory listings, single raw blocks and CARs.
@Controller('ipfs')
export class GatewayController {
  constructor(private readonly content: ContentService) {}

  @Get(':cid')
  root(
    @Param('cid') cid: string,
    @Query() query: Record<string, string | undefined>,
    @Headers() headers: Record<string, string>,
    @Res() res: FastifyReply,
  ) {
    return this.serve(cid, '', query, headers, res);
  }

  // Fastify's router: the wildcard's value is the `*` parameter.
  @Get(':cid/*')
  path(
    @Param('cid') cid: string,
    @Param('*') path: string,
    @Query() query: Record<string, string | undefined>,
    @Headers() headers: Record<string, string>,
    @Res() res: FastifyReply,
  ) {
    return this.serve(cid, path, query, headers, res);
  }

  private async serve(
    rawCid: string,
    path: string,
    query: Record<string, string | undefined>,
    headers: Record<string, string>,
    res: FastifyReply,
  ) {
    const format = typeof query.format === 'string' ? query.format : undefined;
    res.headers(GATEWAY_HEADERS);
    const cid = parseCid(rawCid);
    const accept = headers.accept ?? '';
    const wants = format ?? (accept.includes(CAR) ? 'car' : accept.includes(RAW) ? 'raw' : undefined);
    // A raw block needs no UnixFS resolution, so every codec is served (e.g. DAG-JOSE records).
    if (wants === 'raw' && !path) {
      const bytes = await this.content.block(cid);
      return res
        .code(200)
        .type(RAW)
        .header('Cache-Control', IMMUTABLE)
        .header('ETag', `"${cid}.raw"`)
        .header('X-Ipfs-Roots', cid.toString())
        .send(Buffer.from(bytes));
    }
    const entry = await this.content.resolve(cid, path);
    // Header values are ASCII: the path as a URL would carry it.
    res.header('X-Ipfs-Path', encodeURI(`/ipfs/${rawCid}${path ? `/${path}` : ''}`));
    res.header('X-Ipfs-Roots', entry.cid.toString());

    if (wants === 'raw') {
      const bytes = await this.content.block(entry.cid);
      return res.code(200).type(RAW).header('Cache-Control', IMMUTABLE).header('ETag', `"${entry.cid}.raw"`).send(Buffer.from(bytes));
    }
    if (wants === 'car') {
      // Trustless gateway CAR: rooted at the requested CID, with the blocks proving the path, then the
      // entity in the scope asked for (dag-scope, entity-bytes).
      const scope = parseDagScope(typeof query['dag-scope'] === 'string' ? query['dag-scope'] : undefined);
      const entityBytes = parseEntityBytes(typeof query['entity-bytes'] === 'string' ? query['entity-bytes'] : undefined);
      const segments = path.split('/').filter(Boolean);
      const car = await this.content.car(cid, segments, scope, entityBytes);
      const variant = `${scope}${entityBytes ? `.${entityBytes.from}-${entityBytes.to}` : ''}`;
      return res
        .code(200)
        .type(`${CAR}; version=1; order=dfs; dups=n`)
        .header('Cache-Control', IMMUTABLE)
        .header('ETag', `"${entry.cid}.car.${variant}"`)
        .header('Content-Disposition', `attachment; filename="${entry.cid}.car"`)
        .send(Readable.from(car));
    }
    if (entry.type === 'directory') {
      const entries = [];
      for await (const child of entry.entries()) {
        entries.push({ name: child.name, cid: child.cid.toString(), size: Number(child.size) });
      }
      return res
        .code(200)
        .header('Cache-Control', IMMUTABLE)
        .header('ETag', `"${entry.cid}.dir"`)
        .send({ cid: entry.cid.toString(), entries });
    }
    if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity') {
      return res.code(406).send({
        error: { code: 'NOT_ACCEPTABLE', message: `A ${entry.type} node has no bytes to serve; ask for ?format=raw or ?format=car.` },
      });
    }
    const size = Number(entry.size);
    const name = path.split('/').pop() ?? '';
    res.header('Content-Type', (name && mimeTypes().lookup(name)) || 'application/octet-stream');
    res.header('Accept-Ranges', 'bytes');
    res.header('Cache-Control', IMMUTABLE);
    res.header('ETag', `"${entry.cid}"`);
    if (headers['if-none-match'] === `"${entry.cid}"`) return res.code(304).send();
    const range = parseRange(headers.range, size);
    if (range.kind === 'unsatisfiable') return res.code(416).header('Content-Range', `bytes */${size}`).send();
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    res.code(range.kind === 'partial' ? 206 : 200);
    if (range.kind === 'partial') res.header('Content-Range', `bytes ${start}-${end}/${size}`);
    res.header('Content-Length', String(Math.max(0, end - start + 1)));
    if (size === 0) return res.send();
    // Fastify pipes the stream and ends the response, or cuts it if the blockstore read fails midway.
    return res.send(Readable.from(entry.content({ offset: start, length: end - start + 1 })));
  }
}
