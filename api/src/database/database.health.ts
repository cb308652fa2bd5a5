import { Injectable } from '@nestjs/common';
import { Database } from './database.js';

@Injectable()
export class DatabaseHealth {
  constructor(private readonly database: Database) {}

  async ping(): Promise<void> {
    await this.database.query('SELECT 1');
  }
}
