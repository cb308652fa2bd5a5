import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, UnauthenticatedError } from '../common/errors/domain-error.js';
import type { RequestAuth } from '../common/auth/viewer.js';
import { UnitOfWork } from '../database/transaction.js';
import { KeysService } from '../keys/keys.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { AccountsRepository } from './accounts.repository.js';
import { normalizeEmail } from './email.js';
import { LoginThrottle } from './login-throttle.js';
import { requireText } from './text.js';
import type { Account } from './identity.types.js';
import { PasswordHasher } from './password-hasher.js';
import { checkPassword, normalizePassword } from './password-policy.js';
import { TokenService } from './token.service.js';

export interface AuthResult {
  token: string;
  expiresAt: Date;
  account: Account;
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly keys: KeysService,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(input: { email: string; password: string; name: string }): Promise<AuthResult> {
    const email = normalizeEmail(input.email);
    const name = requireText('name', input.name, 1, 120);
    checkPassword(input.password, { email, name });
    // Cheap early answer; the unique index is what actually guarantees it.
    if ((await this.accounts.countByEmail(email)) > 0) {
      throw new ConflictError('An account with this email already exists.', { field: 'email' });
    }
    const passwordHash = await this.hasher.hash(normalizePassword(input.password));
    const account = await this.uow.run(async (tx) => {
      const did = await this.keys.createAgentKey(tx);
      const created = await this.accounts.insert(tx, { id: randomUUID(), email, name, did, createdAt: new Date(), passwordHash });
      await this.outbox.append(tx, {
        type: 'identity.account.registered',
        aggregateType: 'account',
        aggregateId: created.id,
        payload: { accountId: created.id, did },
      });
      return created;
    });
    return { ...(await this.tokens.issue(account.id)), account };
  }

  async login(rawEmail: string, password: string): Promise<AuthResult> {
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch {
      await this.hasher.burn(password);
      throw new UnauthenticatedError('Email or password is incorrect.');
    }
    await this.throttle.assertAllowed(email);
    const found = await this.accounts.findCredentials(email);
    if (!found) await this.hasher.burn(password);
    const ok = !!found && (await this.hasher.verify(found.passwordHash, normalizePassword(password)));
    if (!found || !ok) {
      await this.throttle.recordFailure(email);
      throw new UnauthenticatedError('Email or password is incorrect.');
    }
    await this.throttle.reset(email);
    return { ...(await this.tokens.issue(found.account.id)), account: found.account };
  }

  async authenticate(token: string | undefined): Promise<RequestAuth> {
    if (!token) return { viewer: null };
    const check = await this.tokens.check(token);
    if (!check.ok) return { viewer: null, tokenProblem: check.reason };
    return { viewer: { accountId: check.accountId } };
  }

  // For REST endpoints: the viewer behind a bearer token, or UNAUTHENTICATED.
  async requireViewer(token: string | undefined): Promise<{ accountId: string }> {
    const auth = await this.authenticate(token);
    if (!auth.viewer) {
      throw new UnauthenticatedError(
        auth.tokenProblem === 'EXPIRED' ? 'Your session has expired. Sign in again.' : 'Send a valid bearer token to do this.',
      );
    }
    return auth.viewer;
  }

  async findById(id: string): Promise<Account | null> {
    return this.accounts.findById(id);
  }

  async findByEmail(rawEmail: string): Promise<Account | null> {
    return this.accounts.findByEmail(normalizeEmail(rawEmail));
  }

  async me(viewer: { accountId: string } | null): Promise<Account | null> {
    return viewer ? this.accounts.findById(viewer.accountId) : null;
  }
}
