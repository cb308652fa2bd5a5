import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import mime from 'mime-types';
import { ContentService, parseCid } from '../ipfs/content.service.js';
import { GATEWAY_HEADERS } from '../web/security-headers.js';
import { parseRange } from './range.js';

const IMMUTABLE = 'public, max-age=29030400, immutable';
const CAR = 'application/vnd.ipld.car';
const RAW = 'application/vnd.ipld.raw';

// A read-only IPFS path gateway over the platform's blockstore: files with their
// content type and byte ranges, directory listings, single raw blocks and CARs.
@Controller('ipfs')
export class GatewayController {
  constructor(private readonly content: ContentService) {}

  @Get(':cid')
  root(
    @Param('cid') cid: string,
    @Query('format') format: string | undefined,
    @Headers() headers: Record<string, string>,
    @Res() res: Response,
  ) {
    return this.serve(cid, '', format, headers, res);
  }

  @Get(':cid/*path')
  path(
    @Param('cid') cid: string,
    @Param('path') path: string | string[],
    @Query('format') format: string | undefined,
    @Headers() headers: Record<string, string>,
    @Res() res: Response,
  ) {
    return this.serve(cid, Array.isArray(path) ? path.join('/') : path, format, headers, res);
  }

  private async serve(rawCid: string, path: string, format: string | undefined, headers: Record<string, string>, res: Response) {
    res.set(GATEWAY_HEADERS);
    const cid = parseCid(rawCid);
    const accept = headers.accept ?? '';
    const wants = format ?? (accept.includes(CAR) ? 'car' : accept.includes(RAW) ? 'raw' : undefined);
    // A raw block needs no UnixFS resolution, so every codec is served (e.g. DAG-JOSE records).
    if (wants === 'raw' && !path) {
      const bytes = await this.content.block(cid);
      res
        .status(200)
        .type(RAW)
        .setHeader('Cache-Control', IMMUTABLE)
        .setHeader('ETag', `"${cid}.raw"`)
        .setHeader('X-Ipfs-Roots', cid.toString());
      res.end(Buffer.from(bytes));
      return;
    }
    const entry = await this.content.resolve(cid, path);
    // Header values are ASCII: the path as a URL would carry it.
    res.setHeader('X-Ipfs-Path', encodeURI(`/ipfs/${rawCid}${path ? `/${path}` : ''}`));
    res.setHeader('X-Ipfs-Roots', entry.cid.toString());

    if (wants === 'raw') {
      const bytes = await this.content.block(entry.cid);
      res.status(200).type(RAW).setHeader('Cache-Control', IMMUTABLE).setHeader('ETag', `"${entry.cid}.raw"`);
      res.end(Buffer.from(bytes));
      return;
    }
    if (wants === 'car') {
      const car = await this.content.car(entry.cid);
      res.status(200).type(`${CAR}; version=1`).setHeader('Cache-Control', IMMUTABLE).setHeader('ETag', `"${entry.cid}.car"`);
      res.setHeader('Content-Disposition', `attachment; filename="${entry.cid}.car"`);
      await pipeline(Readable.from(car), res);
      return;
    }
    if (entry.type === 'directory') {
      const entries = [];
      for await (const child of entry.entries()) {
        entries.push({ name: child.name, cid: child.cid.toString(), size: Number(child.size) });
      }
      res.status(200).setHeader('Cache-Control', IMMUTABLE).setHeader('ETag', `"${entry.cid}.dir"`);
      res.json({ cid: entry.cid.toString(), entries });
      return;
    }
    if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity') {
      res.status(406).json({
        error: { code: 'NOT_ACCEPTABLE', message: `A ${entry.type} node has no bytes to serve; ask for ?format=raw or ?format=car.` },
      });
      return;
    }
    const size = Number(entry.size);
    const name = path.split('/').pop() ?? '';
    res.setHeader('Content-Type', (name && mime.lookup(name)) || 'application/octet-stream');
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', IMMUTABLE);
    res.setHeader('ETag', `"${entry.cid}"`);
    if (headers['if-none-match'] === `"${entry.cid}"`) {
      res.status(304).end();
      return;
    }
    const range = parseRange(headers.range, size);
    if (range.kind === 'unsatisfiable') {
      res.status(416).setHeader('Content-Range', `bytes */${size}`).end();
      return;
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    res.status(range.kind === 'partial' ? 206 : 200);
    if (range.kind === 'partial') res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
    if (size === 0) {
      res.end();
      return;
    }
    await pipeline(Readable.from(entry.content({ offset: start, length: end - start + 1 })), res);
  }
}
