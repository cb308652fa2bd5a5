import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

const ISSUER = 'cosmolocal';
const AUDIENCE = 'cosmolocal-api';

export type TokenCheck = { ok: true; accountId: string } | { ok: false; reason: 'EXPIRED' | 'INVALID' };

@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttl: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = new TextEncoder().encode(config.auth.tokenSecret);
    this.ttl = config.auth.tokenTtlSeconds;
  }

  async issue(accountId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((iat + this.ttl) * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(accountId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async check(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      return typeof payload.sub === 'string' ? { ok: true, accountId: payload.sub } : { ok: false, reason: 'INVALID' };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'EXPIRED' : 'INVALID' };
    }
  }
}
