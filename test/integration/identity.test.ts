import type { INestApplicationContext } from '@nestjs/common';
import { decodeJwt, SignJWT } from 'jose';
import { APP_CONFIG } from '../../api/src/config/config.module.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
} from '../../api/src/common/errors/domain-error.js';
import { Database } from '../../api/src/database/database.js';
import { AccountsService } from '../../api/src/identity/accounts.service.js';
import { MAX_FAILURES } from '../../api/src/identity/login-throttle.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { publicKeyFromDidKey, publicKeyFromSeed } from '../../api/src/keys/did-key.js';
import { KeysService } from '../../api/src/keys/keys.service.js';
import { createDomainContext } from '../support/context.js';
import { newAccount, newOrganization, PASSWORD, uniqueEmail } from '../support/factories.js';
import { expectNothingWritten as noWrites } from '../support/no-writes.js';

let app: INestApplicationContext;
let accounts: AccountsService;
let organizations: OrganizationsService;
let db: Database;

beforeAll(async () => {
  app = await createDomainContext();
  accounts = app.get(AccountsService);
  organizations = app.get(OrganizationsService);
  db = app.get(Database);
});
afterAll(() => app.close());

// Every table an identity change may touch: "nothing written" means none of them moves.
const IDENTITY_TABLES = ['accounts', 'organizations', 'memberships', 'agent_keys', 'outbox_events', 'sessions'];
const expectNothingWritten = (action: () => Promise<unknown>, error: new (...args: never[]) => Error) =>
  noWrites(db, IDENTITY_TABLES, action, error);

describe('accounts', () => {
  it('registers an account with a did:key whose private key is stored encrypted, and an outbox event', async () => {
    const email = uniqueEmail('ada');
    const { account, token } = await accounts.register({ email: email.toUpperCase(), password: PASSWORD, name: ' Ada ' });
    expect(account).toMatchObject({ email, name: 'Ada' });
    expect(token).toEqual(expect.any(String));

    const seed = await app.get(KeysService).seedFor(account.did);
    expect(Buffer.from(publicKeyFromSeed(seed))).toEqual(Buffer.from(publicKeyFromDidKey(account.did)));
    const [stored] = await db.query('SELECT encrypted_secret FROM agent_keys WHERE did = $1', [account.did]);
    expect(Buffer.from(stored.encrypted_secret).includes(Buffer.from(seed))).toBe(false);

    const events = await db.query('SELECT type, payload FROM outbox_events WHERE aggregate_id = $1', [account.id]);
    expect(events).toEqual([{ type: 'identity.account.registered', payload: { accountId: account.id, did: account.did } }]);
  });

  it('logs in with the right password only, without telling which part was wrong', async () => {
    const email = uniqueEmail();
    await accounts.register({ email, password: PASSWORD, name: 'Lin' });
    const ok = await accounts.login(` ${email.toUpperCase()} `, PASSWORD);
    expect(ok.account.email).toBe(email);
    const wrongPassword = accounts.login(email, 'not the password at all');
    await expect(wrongPassword).rejects.toThrow(new UnauthenticatedError('Email or password is incorrect.'));
    await expect(accounts.login(uniqueEmail(), PASSWORD)).rejects.toThrow('Email or password is incorrect.');
  });

  it('slows down password guessing on one account from one address, never the owner elsewhere', async () => {
    const target = uniqueEmail('target');
    const bystander = uniqueEmail('bystander');
    await accounts.register({ email: target, password: PASSWORD, name: 'Target' });
    await accounts.register({ email: bystander, password: PASSWORD, name: 'Bystander' });
    for (let i = 0; i < MAX_FAILURES; i++) {
      await expect(accounts.login(target, `guess number ${i} of many`, '203.0.113.9')).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    // From the guesser's address, even the right password waits out the window now…
    await expect(accounts.login(target, PASSWORD, '203.0.113.9')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    // …while the owner, signing in from their own address, is not locked out.
    await expect(accounts.login(target, PASSWORD, '198.51.100.4')).resolves.toMatchObject({ account: { email: target } });
    await expect(accounts.login(bystander, PASSWORD, '203.0.113.9')).resolves.toMatchObject({ account: { email: bystander } });
  });

  it('authenticates its own tokens and flags forged ones', async () => {
    const { token, account } = await accounts.register({ email: uniqueEmail(), password: PASSWORD, name: 'Tok' });
    expect(await accounts.authenticate(token)).toEqual({ viewer: { accountId: account.id, sessionId: expect.any(String) } });
    const [h, p] = token.split('.');
    expect(await accounts.authenticate(`${h}.${p}.forged`)).toEqual({ viewer: null, tokenProblem: 'INVALID' });
    expect(await accounts.authenticate(undefined)).toEqual({ viewer: null });
  });

  it('refuses a correctly signed token without an expiry, a session or a subject', async () => {
    const { token, account } = await accounts.register({ email: uniqueEmail(), password: PASSWORD, name: 'Claims' });
    const { jti } = decodeJwt(token);
    const key = new TextEncoder().encode(app.get(APP_CONFIG).auth.tokenSecret);
    const sign = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('cosmolocal').setAudience('cosmolocal-api').setIssuedAt()).sign(
        key,
      );
    const forever = await sign((j) => j.setSubject(account.id).setJti(jti!));
    const sessionless = await sign((j) => j.setSubject(account.id).setExpirationTime('1h'));
    const nobody = await sign((j) => j.setJti(jti!).setExpirationTime('1h'));
    const complete = await sign((j) => j.setSubject(account.id).setJti(jti!).setExpirationTime('1h'));
    for (const t of [forever, sessionless, nobody])
      expect(await accounts.authenticate(t)).toEqual({ viewer: null, tokenProblem: 'INVALID' });
    expect((await accounts.authenticate(complete)).viewer).toEqual({ accountId: account.id, sessionId: jti });
  });

  it('ends sessions on sign-out, one or all, and refuses tokens of an account that is gone', async () => {
    const email = uniqueEmail('sessions');
    const first = await accounts.register({ email, password: PASSWORD, name: 'Sessions' });
    const second = await accounts.login(email, PASSWORD);
    const third = await accounts.login(email, PASSWORD);
    const viewerOf = async (token: string) => (await accounts.authenticate(token)).viewer!;
    expect(await accounts.signOut(await viewerOf(first.token))).toBe(1);
    expect(await accounts.authenticate(first.token)).toEqual({ viewer: null, tokenProblem: 'REVOKED' });
    expect((await accounts.authenticate(second.token)).viewer).not.toBeNull();
    expect(await accounts.signOut(await viewerOf(second.token), true)).toBe(2);
    for (const t of [second.token, third.token]) expect(await accounts.authenticate(t)).toEqual({ viewer: null, tokenProblem: 'REVOKED' });

    const gone = await accounts.register({ email: uniqueEmail('gone'), password: PASSWORD, name: 'Gone' });
    expect((await accounts.authenticate(gone.token)).viewer).not.toBeNull();
    await db.query('DELETE FROM accounts WHERE id = $1', [gone.account.id]);
    expect(await accounts.authenticate(gone.token)).toEqual({ viewer: null, tokenProblem: 'REVOKED' });
  });

  it('refuses a duplicate email (any case) with CONFLICT and writes nothing', async () => {
    const email = uniqueEmail();
    await accounts.register({ email, password: PASSWORD, name: 'First' });
    await expectNothingWritten(() => accounts.register({ email: email.toUpperCase(), password: PASSWORD, name: 'Second' }), ConflictError);
  });

  it('lets exactly one of two concurrent registrations of one email through', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([
      accounts.register({ email, password: PASSWORD, name: 'A' }),
      accounts.register({ email, password: PASSWORD, name: 'B' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    const [row] = await db.query('SELECT count(*)::int AS n FROM accounts WHERE email = $1', [email]);
    expect(row.n).toBe(1);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email', password: PASSWORD, name: 'X' }],
    ['a weak password', { email: uniqueEmail(), password: 'password1234', name: 'X' }],
    ['a short password', { email: uniqueEmail(), password: 'short', name: 'X' }],
    ['an empty name', { email: uniqueEmail(), password: PASSWORD, name: '   ' }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_label, input) => {
    await expectNothingWritten(() => accounts.register(input), InvalidInputError);
  });
});

describe('organizations and memberships', () => {
  it('creates an organization with its own did:key and makes the founder its admin', async () => {
    const founder = await newAccount(app);
    const org = await newOrganization(app, founder.viewer, { name: 'Valencia Fab Co-op', kind: 'MAKERSPACE' });
    expect(org).toMatchObject({ name: 'Valencia Fab Co-op', kind: 'MAKERSPACE', did: expect.stringMatching(/^did:key:z6Mk/) });
    expect(org.did).not.toBe(founder.did);
    const membership = await db.query('SELECT role FROM memberships WHERE organization_id = $1 AND account_id = $2', [org.id, founder.id]);
    expect(membership).toEqual([{ role: 'ADMIN' }]);
  });

  it('lets an admin add members by email with a role, once', async () => {
    const admin = await newAccount(app);
    const member = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const added = await organizations.addMember(admin.viewer, org.id, member.email, 'TREASURER');
    expect(added).toMatchObject({ organizationId: org.id, accountId: member.id, role: 'TREASURER' });
    await expectNothingWritten(() => organizations.addMember(admin.viewer, org.id, member.email, 'MEMBER'), ConflictError);
  });

  it('refuses a non-admin adding members with FORBIDDEN and writes nothing', async () => {
    const admin = await newAccount(app);
    const member = await newAccount(app);
    const outsider = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    await organizations.addMember(admin.viewer, org.id, member.email, 'MEMBER');
    await expectNothingWritten(() => organizations.addMember(member.viewer, org.id, outsider.email, 'MEMBER'), ForbiddenError);
    await expectNothingWritten(() => organizations.addMember(outsider.viewer, org.id, outsider.email, 'ADMIN'), ForbiddenError);
  });

  it('answers NOT_FOUND for an unknown organization or account', async () => {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    await expectNothingWritten(
      () => organizations.addMember(admin.viewer, '00000000-0000-4000-8000-000000000000', admin.email, 'MEMBER'),
      NotFoundError,
    );
    await expectNothingWritten(() => organizations.addMember(admin.viewer, 'not-a-uuid', admin.email, 'MEMBER'), NotFoundError);
    await expectNothingWritten(() => organizations.addMember(admin.viewer, org.id, uniqueEmail('ghost'), 'MEMBER'), NotFoundError);
  });

  it('refuses unknown kinds and roles with BAD_USER_INPUT', async () => {
    const admin = await newAccount(app);
    await expectNothingWritten(() => organizations.create(admin.viewer, { name: 'X Co-op', kind: 'CORPORATION' }), InvalidInputError);
    const org = await newOrganization(app, admin.viewer);
    await expectNothingWritten(() => organizations.addMember(admin.viewer, org.id, admin.email, 'OWNER'), InvalidInputError);
  });

  it('removes members, lets members leave, and never removes or demotes the last admin', async () => {
    const admin = await newAccount(app);
    const member = await newAccount(app);
    const other = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    await organizations.addMember(admin.viewer, org.id, member.email, 'MEMBER');
    await organizations.addMember(admin.viewer, org.id, other.email, 'MEMBER');

    await expect(organizations.removeMember(member.viewer, org.id, other.id)).rejects.toBeInstanceOf(ForbiddenError);
    await organizations.removeMember(member.viewer, org.id, member.id); // leaving
    await organizations.removeMember(admin.viewer, org.id, other.id);
    await expectNothingWritten(() => organizations.removeMember(admin.viewer, org.id, admin.id), ConflictError);
    await expectNothingWritten(() => organizations.changeMemberRole(admin.viewer, org.id, admin.id, 'MEMBER'), ConflictError);

    const rows = await db.query('SELECT account_id FROM memberships WHERE organization_id = $1', [org.id]);
    expect(rows).toEqual([{ account_id: admin.id }]);
  });

  it('keeps one admin when two admins demote each other at the same time', async () => {
    const a = await newAccount(app);
    const b = await newAccount(app);
    const org = await newOrganization(app, a.viewer);
    await organizations.addMember(a.viewer, org.id, b.email, 'ADMIN');
    const results = await Promise.allSettled([
      organizations.changeMemberRole(a.viewer, org.id, b.id, 'MEMBER'),
      organizations.changeMemberRole(b.viewer, org.id, a.id, 'MEMBER'),
    ]);
    const [row] = await db.query(`SELECT count(*)::int AS n FROM memberships WHERE organization_id = $1 AND role = 'ADMIN'`, [org.id]);
    expect(row.n).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The loser is refused either as no longer an admin or as the last admin.
    const loser = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
    expect(loser instanceof ForbiddenError || loser instanceof ConflictError).toBe(true);
  });
});
