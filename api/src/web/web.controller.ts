import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { WEB_DIR } from '../common/paths.js';

// Serves the web app's entry page at /.
@Controller()
export class WebController {
  private page?: Promise<string>;

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): Promise<string> {
    this.page ??= readFile(join(WEB_DIR, 'index.html'), 'utf8');
    return this.page;
  }
}
