import { fakeUnitOfWork, mock } from '../../../test/support/unit.js';
import { ConflictError, InvalidInputError, UnauthenticatedError } from '../common/errors/domain-error.js';
import type { KeysService } from '../keys/keys.service.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import type { Account } from './identity.types.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionsRepository } from './sessions.repository.js';
import type { TokenService } from './token.service.js';

const PASSWORD = 'violet lantern over quiet harbour';
const ACCOUNT: Account = {
  id: '9d7c3a4e-8f51-4d9e-b3a2-0c6f1e2d3b4a',
  email: 'ada@example.org',
  name: 'Ada',
  did: 'did:key:z6Mkexample',
  createdAt: new Date('2026-01-01T00:00:00Z'),
};
const EXPIRES = new Date('2026-02-01T00:00:00Z');

function setup() {
  const accounts = mock<AccountsRepository>();
  const keys = mock<KeysService>();
  const outbox = mock<OutboxRepository>();
  const { uow, runs } = fakeUnitOfWork();
  const hasher = mock<PasswordHasher>();
  const tokens = mock<TokenService>();
  const throttle = mock<LoginThrottle>();
  const sessions = mock<SessionsRepository>();
  keys.createAgentKey.mockResolvedValue(ACCOUNT.did);
  accounts.countByEmail.mockResolvedValue(0);
  accounts.insert.mockImplementation(async (_tx, a) => ({ id: a.id, email: a.email, name: a.name, did: a.did, createdAt: a.createdAt }));
  hasher.hash.mockResolvedValue('$argon2id$hash');
  tokens.issue.mockResolvedValue({ token: 'signed.jwt.token', expiresAt: EXPIRES });
  const service = new AccountsService(accounts, keys, outbox, uow, hasher, tokens, throttle, sessions);
  return { service, accounts, keys, outbox, runs, hasher, tokens, throttle, sessions };
}

describe('AccountsService.register', () => {
  it('creates the account, its key and its event in one unit of work, then starts a session', async () => {
    const t = setup();
    const result = await t.service.register({ email: ' Ada@Example.org ', password: PASSWORD, name: 'Ada' }, '10.0.0.1');
    expect(t.throttle.attempt).toHaveBeenCalledWith('10.0.0.1');
    expect(t.runs()).toBe(1);
    expect(t.accounts.insert).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ email: 'ada@example.org', name: 'Ada', did: ACCOUNT.did, passwordHash: '$argon2id$hash' }),
    );
    expect(t.outbox.append).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ type: 'identity.account.registered', aggregateId: result.account.id }),
    );
    expect(t.sessions.insert).toHaveBeenCalledWith(expect.objectContaining({ accountId: result.account.id, expiresAt: EXPIRES }));
    expect(result).toMatchObject({ token: 'signed.jwt.token', expiresAt: EXPIRES, account: { email: 'ada@example.org' } });
  });

  it('refuses a taken email before hashing anything, and writes nothing', async () => {
    const t = setup();
    t.accounts.countByEmail.mockResolvedValue(1);
    await expect(t.service.register({ email: 'ada@example.org', password: PASSWORD, name: 'Ada' })).rejects.toBeInstanceOf(ConflictError);
    expect(t.hasher.hash).not.toHaveBeenCalled();
    expect(t.runs()).toBe(0);
    expect(t.sessions.insert).not.toHaveBeenCalled();
  });

  it('refuses a weak password with a typed error, and writes nothing', async () => {
    const t = setup();
    await expect(t.service.register({ email: 'ada@example.org', password: 'password', name: 'Ada' })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(t.runs()).toBe(0);
  });

  it('stops at the throttle when this address registers too often', async () => {
    const t = setup();
    t.throttle.attempt.mockRejectedValue(new Error('throttled'));
    await expect(t.service.register({ email: 'ada@example.org', password: PASSWORD, name: 'Ada' })).rejects.toThrow('throttled');
    expect(t.accounts.countByEmail).not.toHaveBeenCalled();
  });
});

describe('AccountsService.login', () => {
  it('signs in with the right password, clears the failures and starts a session', async () => {
    const t = setup();
    t.accounts.findCredentials.mockResolvedValue({ account: ACCOUNT, passwordHash: 'stored' });
    t.hasher.verify.mockResolvedValue(true);
    const result = await t.service.login('ADA@example.org', PASSWORD, '10.0.0.1');
    expect(t.throttle.assertAllowed).toHaveBeenCalledWith('10.0.0.1', 'ada@example.org');
    expect(t.throttle.reset).toHaveBeenCalledWith('10.0.0.1', 'ada@example.org');
    expect(t.sessions.insert).toHaveBeenCalledWith(expect.objectContaining({ accountId: ACCOUNT.id }));
    expect(result.account).toBe(ACCOUNT);
  });

  it('answers a wrong password and an unknown email the same way, counting the failure', async () => {
    for (const found of [null, { account: ACCOUNT, passwordHash: 'stored' }]) {
      const t = setup();
      t.accounts.findCredentials.mockResolvedValue(found);
      t.hasher.verify.mockResolvedValue(false);
      const error = await t.service.login('ada@example.org', 'wrong password entirely', '10.0.0.1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect((error as Error).message).toBe('Email or password is incorrect.');
      expect(t.throttle.recordFailure).toHaveBeenCalledWith('10.0.0.1', 'ada@example.org');
      expect(t.sessions.insert).not.toHaveBeenCalled();
      // An unknown email still spends the time of a hash, so timing does not tell who has an account.
      expect(t.hasher.burn).toHaveBeenCalledTimes(found ? 0 : 1);
    }
  });

  it('answers a malformed email like a wrong password, without touching the throttle', async () => {
    const t = setup();
    await expect(t.service.login('not an email', PASSWORD)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(t.hasher.burn).toHaveBeenCalledTimes(1);
    expect(t.throttle.attempt).not.toHaveBeenCalled();
  });

  it('refuses while the address and email are locked out, before reading credentials', async () => {
    const t = setup();
    t.throttle.assertAllowed.mockRejectedValue(new UnauthenticatedError('Too many failed sign-ins.'));
    await expect(t.service.login('ada@example.org', PASSWORD)).rejects.toThrow('Too many failed sign-ins.');
    expect(t.accounts.findCredentials).not.toHaveBeenCalled();
  });
});

describe('AccountsService.authenticate', () => {
  const now = new Date('2026-01-15T00:00:00Z');

  it('has no viewer without a token', async () => {
    expect(await setup().service.authenticate(undefined, now)).toEqual({ viewer: null });
  });

  it('says why a token was refused', async () => {
    const t = setup();
    t.tokens.check.mockResolvedValue({ ok: false, reason: 'EXPIRED' });
    expect(await t.service.authenticate('tok', now)).toEqual({ viewer: null, tokenProblem: 'EXPIRED' });
  });

  it('refuses a valid token whose session has ended', async () => {
    const t = setup();
    t.tokens.check.mockResolvedValue({ ok: true, accountId: ACCOUNT.id, sessionId: 's1' });
    t.sessions.findActive.mockResolvedValue(null);
    expect(await t.service.authenticate('tok', now)).toEqual({ viewer: null, tokenProblem: 'REVOKED' });
    expect(t.sessions.findActive).toHaveBeenCalledWith('s1', ACCOUNT.id, now);
  });

  it('gives the viewer of an active session', async () => {
    const t = setup();
    t.tokens.check.mockResolvedValue({ ok: true, accountId: ACCOUNT.id, sessionId: 's1' });
    t.sessions.findActive.mockResolvedValue({ id: 's1', accountId: ACCOUNT.id });
    expect(await t.service.authenticate('tok', now)).toEqual({ viewer: { accountId: ACCOUNT.id, sessionId: 's1' } });
  });

  it('requireViewer turns a refused token into UNAUTHENTICATED with the reason', async () => {
    const t = setup();
    t.tokens.check.mockResolvedValue({ ok: false, reason: 'EXPIRED' });
    await expect(t.service.requireViewer('tok')).rejects.toThrow('Your session has expired. Sign in again.');
  });
});

describe('AccountsService.signOut', () => {
  it('ends this session only, or every session of the account', async () => {
    const t = setup();
    t.sessions.revoke.mockResolvedValue(true);
    t.sessions.revokeAllOf.mockResolvedValue(3);
    expect(await t.service.signOut({ accountId: ACCOUNT.id, sessionId: 's1' })).toBe(1);
    expect(t.sessions.revokeAllOf).not.toHaveBeenCalled();
    expect(await t.service.signOut({ accountId: ACCOUNT.id, sessionId: 's1' }, true)).toBe(3);
  });

  it('has nothing to end for a viewer without a session', async () => {
    const t = setup();
    expect(await t.service.signOut({ accountId: ACCOUNT.id })).toBe(0);
    expect(t.sessions.revoke).not.toHaveBeenCalled();
  });
});
