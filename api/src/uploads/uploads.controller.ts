import { Controller, Headers, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestToken } from '../common/auth/session-cookie.js';
import { ForbiddenError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { AccountsService } from '../identity/accounts.service.js';
import { multipartFiles } from './multipart.js';
import { UploadsService, type UploadResult } from './uploads.service.js';

@Controller('api/uploads')
export class UploadsController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // multipart/form-data with one or more `file` parts; filenames may hold relative paths.
  @Post()
  @HttpCode(201)
  // An Idempotency-Key header (a structured-field string, quoted or bare) makes retries safe;
  // ?jobId= uploads QC evidence for a job the uploader's facility holds.
  async upload(
    @Req() req: FastifyRequest,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Query('jobId') jobId?: string,
  ): Promise<UploadResult> {
    const { token, via } = requestToken(req);
    // A form post is a request any page can make: with the session cookie, only this origin's pages.
    if (via === 'cookie' && !sameOrigin(req)) throw new ForbiddenError('Uploads with the session cookie come from this site’s own pages.');
    const viewer = await this.accounts.requireViewer(token);
    const key = idempotencyKey === undefined ? null : (/^"(.*)"$/.exec(idempotencyKey.trim())?.[1] ?? idempotencyKey.trim());
    return this.uploads.upload(viewer, multipartFiles(req.raw, this.config.uploads), key, jobId || null);
  }
}

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers['sec-fetch-site'] === undefined || req.headers['sec-fetch-site'] === 'same-origin';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
