import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, UnauthenticatedError } from '../common/errors/domain-error.js';
import { tokenProblemMessage, type RequestAuth, type Viewer } from '../common/auth/viewer.js';
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
import { SessionsRepository } from './sessions.repository.js';
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
    private readonly sessions: SessionsRepository,
  ) {}

  async register(input: { email: string; password: string; name: string }, client = 'unknown'): Promise<AuthResult> {
    await this.throttle.attempt(client);
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
    return { ...(await this.startSession(account.id)), account };
  }

  // `client` is the address the request came from: failed sign-ins are counted per address and
  // account, so nobody elsewhere can lock a person out of their own account.
  async login(rawEmail: string, password: string, client = 'unknown'): Promise<AuthResult> {
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch {
      await this.hasher.burn(password);
      throw new UnauthenticatedError('Email or password is incorrect.');
    }
    await this.throttle.attempt(client);
    await this.throttle.assertAllowed(client, email);
    const found = await this.accounts.findCredentials(email);
    if (!found) await this.hasher.burn(password);
    const ok = !!found && (await this.hasher.verify(found.passwordHash, normalizePassword(password)));
    if (!found || !ok) {
      await this.throttle.recordFailure(client, email);
      throw new UnauthenticatedError('Email or password is incorrect.');
    }
    await this.throttle.reset(client, email);
    return { ...(await this.startSession(found.account.id)), account: found.account };
  }

  // Ends the session the viewer signed in with, or every session of the account.
  async signOut(viewer: Viewer, everywhere = false, now = new Date()): Promise<number> {
    if (everywhere) return this.sessions.revokeAllOf(viewer.accountId, now);
    if (!viewer.sessionId) return 0;
    return (await this.sessions.revoke(viewer.sessionId, now)) ? 1 : 0;
  }

  async authenticate(token: string | undefined, now = new Date()): Promise<RequestAuth> {
    if (!token) return { viewer: null };
    const check = await this.tokens.check(token);
    if (!check.ok) return { viewer: null, tokenProblem: check.reason };
    const session = await this.sessions.findActive(check.sessionId, check.accountId, now);
    if (!session) return { viewer: null, tokenProblem: 'REVOKED' };
    return { viewer: { accountId: session.accountId, sessionId: session.id } };
  }

  private async startSession(accountId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const id = randomUUID();
    const issued = await this.tokens.issue(accountId, id, now);
    await this.sessions.insert({ id, accountId, createdAt: now, expiresAt: issued.expiresAt });
    return issued;
  }

  // For REST endpoints: the viewer behind a bearer token, or UNAUTHENTICATED.
  async requireViewer(token: string | undefined): Promise<Viewer> {
    const auth = await this.authenticate(token);
    if (!auth.viewer)
      throw new UnauthenticatedError(tokenProblemMessage(auth.tokenProblem) ?? 'Sign in, or send a valid bearer token, to do this.');
    return auth.viewer;
  }

  async findById(id: string): Promise<Account | null> {
    return this.accounts.findById(id);
  }

  async findByEmail(rawEmail: string): Promise<Account | null> {
    return this.accounts.findByEmail(normalizeEmail(rawEmail));
  }

  // Whether anyone has registered with an email other than these (a fresh platform has no accounts).
  async anyAccountBesides(rawEmails: readonly string[]): Promise<boolean> {
    return this.accounts.anyExcept(rawEmails.map(normalizeEmail));
  }

  async me(viewer: { accountId: string } | null): Promise<Account | null> {
    return viewer ? this.accounts.findById(viewer.accountId) : null;
  }
}
