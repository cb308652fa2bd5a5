import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { isUuid } from '../common/uuid.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { TokenProblem } from '../common/auth/viewer.js';

const ISSUER = 'cosmolocal';
const AUDIENCE = 'cosmolocal-api';

export type TokenCheck = { ok: true; accountId: string; sessionId: string } | { ok: false; reason: TokenProblem };

// Signed bearer tokens (HS256 JWT): the account (sub), its session (jti), issued and expiry times.
// A token without any of them is refused; whether the session still stands is the caller's check.
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  readonly ttlSeconds: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = new TextEncoder().encode(config.auth.tokenSecret);
    this.ttlSeconds = config.auth.tokenTtlSeconds;
  }

  async issue(accountId: string, sessionId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const expiresAt = new Date((iat + this.ttlSeconds) * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(accountId)
      .setJti(sessionId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async check(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      });
      if (typeof payload.sub !== 'string' || !isUuid(payload.sub) || typeof payload.jti !== 'string' || !isUuid(payload.jti))
        return { ok: false, reason: 'INVALID' };
      return { ok: true, accountId: payload.sub, sessionId: payload.jti };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'EXPIRED' : 'INVALID' };
    }
  }
}
