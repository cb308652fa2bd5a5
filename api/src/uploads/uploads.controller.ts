import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken } from '../common/auth/viewer.js';
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
  // An Idempotency-Key header (a structured-field string, quoted or bare) makes retries safe.
  async upload(@Req() req: Request, @Headers('authorization') authorization?: string, @Headers('idempotency-key') idempotencyKey?: string): Promise<UploadResult> {
    const viewer = await this.accounts.requireViewer(bearerToken(authorization));
    const key = idempotencyKey === undefined ? null : /^"(.*)"$/.exec(idempotencyKey.trim())?.[1] ?? idempotencyKey.trim();
    return this.uploads.upload(viewer, multipartFiles(req, this.config.uploads), key);
  }
}
