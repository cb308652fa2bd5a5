import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { IdempotencyKeyReusedError, InvalidInputError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UnitOfWork, type Tx } from '../database/transaction.js';
import { IdempotencyRepository, type IdempotencyScope } from './idempotency.repository.js';

export const IDEMPOTENCY_KEY_MIN = 8;
export const IDEMPOTENCY_KEY_MAX = 128;

// What a create is asked to do under a key: who, which operation, the key and the request.
export interface IdempotentRequest {
  viewer: Viewer;
  operation: string;
  key?: string | null;
  input: unknown;
}

// Thrown inside a transaction whose key another request already holds: rolls it back.
class KeyTaken extends Error {}

// Client-chosen keys that make creates safe to retry (the semantics of the IETF
// Idempotency-Key header): the first request's result is recorded with the create in one
// transaction; a repeat with the same key and the same request gets that result and creates
// nothing; the same key with a different request is refused; keys expire after the retention.
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Checks the key's form; null when none was given.
  parseKey(raw: string | null | undefined, field = 'idempotencyKey'): string | null {
    if (raw === null || raw === undefined) return null;
    if (raw.length < IDEMPOTENCY_KEY_MIN || raw.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(raw)) {
      throw new InvalidInputError(
        field,
        `An idempotency key is ${IDEMPOTENCY_KEY_MIN} to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters.`,
        'INVALID_IDEMPOTENCY_KEY',
      );
    }
    return raw;
  }

  // The result of an earlier request with this key, if there is one (before any work is done).
  async replay(request: IdempotentRequest): Promise<string | null> {
    const scope = this.scopeOf(request);
    if (!scope) return null;
    return this.storedResult(scope, fingerprint(request.input));
  }

  // Runs the create's transaction under the key: `work` returns its result and the reference
  // a repeat is answered with; `load` turns a stored reference back into a result.
  async transaction<T>(
    request: IdempotentRequest,
    work: (tx: Tx) => Promise<{ result: T; ref: string }>,
    load: (ref: string) => Promise<T>,
  ): Promise<T> {
    const scope = this.scopeOf(request);
    if (!scope) return this.uow.run(async (tx) => (await work(tx)).result);
    const hash = fingerprint(request.input);
    try {
      return await this.uow.run(async (tx) => {
        if (!(await this.keys.claim(tx, scope, hash, this.cutoff()))) throw new KeyTaken();
        const { result, ref } = await work(tx);
        await this.keys.complete(tx, scope, ref);
        return result;
      });
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
      // Another request with this key committed first: answer with its result.
      const ref = await this.storedResult(scope, hash);
      if (ref === null) throw new IdempotencyKeyReusedError(scope.key, 'in progress');
      return load(ref);
    }
  }

  // Keys past the retention, removed by the worker's sweep.
  async purge(now = new Date()): Promise<number> {
    return this.keys.purge(new Date(now.getTime() - this.config.idempotency.retentionSeconds * 1000));
  }

  private async storedResult(scope: IdempotencyScope, hash: string): Promise<string | null> {
    const stored = await this.keys.find(scope, this.cutoff());
    if (!stored) return null;
    if (stored.requestHash !== hash) throw new IdempotencyKeyReusedError(scope.key, 'different request');
    return stored.resultRef;
  }

  private scopeOf(request: IdempotentRequest): IdempotencyScope | null {
    const key = this.parseKey(request.key);
    return key ? { accountId: request.viewer.accountId, operation: request.operation, key } : null;
  }

  private cutoff(): Date {
    return new Date(Date.now() - this.config.idempotency.retentionSeconds * 1000);
  }
}

// SHA-256 of the request as canonical JSON (keys sorted, undefined left out, bigints and dates as
// strings), so the same request always has the same fingerprint.
export function fingerprint(input: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, canonical(x)]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}
