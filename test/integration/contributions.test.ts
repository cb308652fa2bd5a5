import type { INestApplicationContext } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../api/src/common/errors/domain-error.js';
import { ContributionsService } from '../../api/src/contributions/contributions.service.js';
import { verifyRecord } from '../../api/src/contributions/record-codec.js';
import { answerMismatch } from '../../api/src/contributions/validation-record.js';
import { Database } from '../../api/src/database/database.js';
import { FacilitiesService } from '../../api/src/facilities/facilities.service.js';
import { OrganizationsService } from '../../api/src/identity/organizations.service.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import { ProductionRequestsService } from '../../api/src/production/production-requests.service.js';
import { ProductionJobsService } from '../../api/src/production/production-jobs.service.js';
import { createDomainContext } from '../support/context.js';
import { captureDelivery } from '../support/events.js';
import { eastOf, newAccount, newDesignVersion, newOrganization, remotePoint, newEvidence } from '../support/factories.js';
import { expectNothingWritten } from '../support/no-writes.js';

let app: INestApplicationContext;
let db: Database;
let contributions: ContributionsService;
let deliver: (aggregateId: string) => Promise<void>;

beforeAll(async () => {
  app = await createDomainContext();
  db = app.get(Database);
  contributions = app.get(ContributionsService);
  deliver = captureDelivery(app);
});
afterAll(() => app.close());

const TABLES = ['contribution_records', 'contribution_validations'];

async function recordsOf(filter: Record<string, string>) {
  return (await contributions.page(filter, 100)).edges.map((e) => e.node).reverse();
}

async function readBack(id: string) {
  const content = app.get(ContentService);
  const envelope = await content.block(CID.parse(id));
  const record = (await contributions.get(id))!;
  return verifyRecord(CID.parse(id), envelope, await content.block(CID.parse(record.payloadCid)));
}

describe('contribution records captured from platform events', () => {
  it('records a publication and a remix as signed records of the designer, chained per design, exactly once', async () => {
    const designer = await newAccount(app);
    const remixer = await newAccount(app);
    const parent = await newDesignVersion(app, designer.viewer, { title: 'Hand Loom' });
    await deliver(parent.designId);
    await deliver(parent.designId); // redelivery: no second record
    const [published] = await recordsOf({ designId: parent.designId });
    expect(published).toMatchObject({
      action: 'produce',
      providerDid: designer.did,
      designVersionCid: parent.cid,
      validation: 'NOT_REQUIRED',
      status: 'PENDING',
      previousId: null,
    });
    expect(await recordsOf({ designId: parent.designId })).toHaveLength(1);

    const verified = await readBack(published!.id);
    expect(verified.signers).toEqual([designer.did]);
    expect(verified.payload).toMatchObject({
      action: 'produce',
      provider: designer.did,
      subject: `urn:cosmolocal:design:${parent.designId}`,
    });
    expect(verified.payload.resourceConformsTo!.toString()).toBe(parent.cid);

    const remix = await newDesignVersion(app, remixer.viewer, {
      title: 'Hand Loom, wider',
      derivativeOf: [{ versionCid: parent.cid, shareBps: 3000, relation: 'DERIVATIVE_OF' }],
    } as never);
    await deliver(remix.designId);
    const remixRecords = await recordsOf({ designId: remix.designId });
    expect(remixRecords.map((r) => r.action)).toEqual(['produce', 'cite']);
    expect(remixRecords[1]).toMatchObject({
      providerDid: remixer.did,
      designVersionCid: parent.cid,
      previousId: remixRecords[0]!.id,
      chainId: remixRecords[0]!.id,
    });
    expect(remixRecords[1]!.note).toMatch(/30\.00 % share/);
  });

  it('records a job’s claim, production with its QC evidence, delivery and acceptance, each by the right agent', async () => {
    const home = remotePoint();
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const facility = await app.get(FacilitiesService).register(admin.viewer, {
      organizationId: org.id,
      name: 'Harbour Fab',
      location: eastOf(home, 4),
      capacityHoursPerWeek: 40,
      equipment: [{ process: 'laser', materials: ['plywood'], buildVolumeMm: { x: 600, y: 400, z: 300 } }],
    });
    const requester = await newAccount(app);
    const version = await newDesignVersion(app, (await newAccount(app)).viewer, {
      parts: [{ id: 'panel', name: 'panel', process: 'LASER_CUTTING' }],
    } as never);
    const productionRequests = app.get(ProductionRequestsService);
    const productionJobs = app.get(ProductionJobsService);
    const request = await productionRequests.request(requester.viewer, {
      designVersionCid: version.cid,
      quantity: 3,
      location: home,
      radiusKm: 50,
      dueDate: new Date(Date.now() + 7 * 86400_000),
    });
    const job = await productionJobs.claim(admin.viewer, request.id, facility.id);
    await productionJobs.advance(admin.viewer, job.id, 'IN_PRODUCTION');
    const evidence = (await newEvidence(app, admin.viewer, job.id, { 'qc.txt': 'all three panels within tolerance' })).files[0]!.cid;
    await productionJobs.advance(admin.viewer, job.id, 'READY', [evidence]);
    await productionJobs.advance(admin.viewer, job.id, 'DELIVERED');
    await productionJobs.acceptDelivery(requester.viewer, job.id);
    await deliver(job.id);

    const records = await recordsOf({ jobId: job.id });
    expect(records.map((r) => [r.action, r.providerDid, r.receiverDid])).toEqual([
      ['work', org.did, null],
      ['produce', org.did, null],
      ['transfer', org.did, requester.did],
      ['accept', requester.did, org.did],
    ]);
    expect(records[1]).toMatchObject({
      evidenceCids: [evidence],
      effortHours: expect.stringMatching(/^\d+\.\d{2}$/),
      providerAccountId: admin.id,
      designId: version.designId,
    });
    // One chain per job: each record links the one before.
    expect(records.map((r) => r.previousId)).toEqual([null, records[0]!.id, records[1]!.id, records[2]!.id]);
    const produce = await readBack(records[1]!.id);
    expect(produce.payload.evidence.map(String)).toEqual([evidence]);
    expect(produce.payload.effortQuantity).toEqual({ hasNumericalValue: records[1]!.effortHours, hasUnit: 'hour' });
  });
});

describe('contributions recorded by hand and validated by peers', () => {
  async function coop(members = 3) {
    const admin = await newAccount(app);
    const org = await newOrganization(app, admin.viewer);
    const others = [];
    for (let i = 1; i < members; i++) {
      const m = await newAccount(app);
      await app.get(OrganizationsService).addMember(admin.viewer, org.id, m.email, 'MEMBER');
      others.push(m);
    }
    return { admin, org, members: [admin, ...others] };
  }

  it('counts a contribution once N other members approve; a member may change their answer while it is pending', async () => {
    const { org, members } = await coop(4);
    const [author, a, b, c] = members;
    const record = await contributions.record(author!.viewer, {
      organizationId: org.id,
      action: 'work',
      note: 'Wrote the assembly guide for the loom',
      effortHours: '6.5',
    });
    expect(record).toMatchObject({
      validation: 'PENDING',
      validationsRequired: 2,
      effortHours: '6.50',
      providerDid: author!.did,
      providerOrganizationId: org.id,
      subject: `urn:cosmolocal:organization:${org.id}`,
    });
    expect((await readBack(record.id)).payload.effortQuantity).toEqual({ hasNumericalValue: '6.50', hasUnit: 'hour' });

    await expect(contributions.validate(author!.viewer, record.id, true)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(contributions.validate((await newAccount(app)).viewer, record.id, true)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await contributions.validate(a!.viewer, record.id, false)).validation).toBe('PENDING');
    await expect(contributions.validate(a!.viewer, record.id, false)).rejects.toBeInstanceOf(ConflictError);
    expect((await contributions.validate(a!.viewer, record.id, true)).validation).toBe('PENDING'); // changed their mind
    expect((await contributions.validate(b!.viewer, record.id, true)).validation).toBe('APPROVED');
    await expect(contributions.validate(c!.viewer, record.id, false)).rejects.toMatchObject({ details: { reason: 'VALIDATION_CLOSED' } });
    const summary = await contributions.summary(author!.did);
    expect(summary).toMatchObject({ records: 1, countedForRewards: 1, byAction: [{ action: 'work', records: 1, effortHours: '6.50' }] });
  });

  it('signs every answer as a record of the validator about the validated record; a change of mind links the answer it replaces', async () => {
    const { org, members } = await coop(3);
    const [author, a, b] = members;
    const record = await contributions.record(author!.viewer, {
      organizationId: org.id,
      action: 'work',
      note: 'Sorted the offcuts bin',
      effortHours: '1',
    });
    await contributions.validate(a!.viewer, record.id, false);
    await contributions.validate(a!.viewer, record.id, true);
    await contributions.validate(b!.viewer, record.id, true);

    const rows = await db.query(
      'SELECT v.approve, v.answer_record_id, a.did FROM contribution_validations v JOIN accounts a ON a.id = v.account_id WHERE v.record_id = $1 ORDER BY v.at',
      [record.id],
    );
    expect(rows.map((r: { did: string; approve: boolean }) => [r.did, r.approve])).toEqual([
      [a!.did, true],
      [b!.did, true],
    ]);
    for (const row of rows) {
      const answer = await readBack(row.answer_record_id);
      expect(answer.signers).toEqual([row.did]);
      expect(answer.payload).toMatchObject({
        action: 'vote',
        provider: row.did,
        receiver: org.did,
        subject: `urn:cosmolocal:record:${record.id}`,
        note: 'approve',
      });
      expect(answerMismatch(answer, { validatorDid: row.did, recordId: record.id, approve: true })).toBeNull();
      // Another validator's answer, or the same answer offered as a rejection, does not stand for it.
      expect(answerMismatch(answer, { validatorDid: author!.did, recordId: record.id, approve: true })).toMatch(/not by/);
      expect(answerMismatch(answer, { validatorDid: row.did, recordId: record.id, approve: false })).toMatch(/not reject/);
    }
    // Every answer, the withdrawn rejection too, is on the record's chain, each linking the one before.
    const chain = await recordsOf({ agent: a!.did });
    const answers = (await db.query(`SELECT id, previous_id, note FROM contribution_records WHERE subject = $1 ORDER BY seq`, [
      `urn:cosmolocal:record:${record.id}`,
    ])) as Array<{ id: string; previous_id: string | null; note: string }>;
    expect(answers.map((r) => r.note)).toEqual(['reject', 'approve', 'approve']);
    expect(answers.map((r) => r.previous_id)).toEqual([null, answers[0]!.id, answers[1]!.id]);
    expect((await readBack(answers[1]!.id)).payload.previous?.toString()).toBe(answers[0]!.id);
    expect(chain.filter((r) => r.action === 'vote')).toHaveLength(2);
  });

  it('closes as REJECTED when N members reject, and then it does not count', async () => {
    const { org, members } = await coop(3);
    const record = await contributions.record(members[0]!.viewer, {
      organizationId: org.id,
      action: 'deliverService',
      note: 'Mentored two new members on the CNC',
    });
    await contributions.validate(members[1]!.viewer, record.id, false);
    expect((await contributions.validate(members[2]!.viewer, record.id, false)).validation).toBe('REJECTED');
    expect((await contributions.summary(members[0]!.did)).countedForRewards).toBe(0);
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    const { org, members } = await coop(1);
    const viewer = members[0]!.viewer;
    const base = { organizationId: org.id, action: 'work', note: 'Reviewed the BOM' };
    const cases: Array<[string, object, new (...a: never[]) => Error, string?]> = [
      ['an unknown action', { action: 'steal' }, InvalidInputError, 'action'],
      ['a platform-only action', { action: 'accept' }, InvalidInputError, 'action'],
      ['an empty note', { note: '  ' }, InvalidInputError, 'note'],
      ['negative hours', { effortHours: '-2' }, InvalidInputError, 'effortHours'],
      ['hours as a float with three decimals', { effortHours: '1.234' }, InvalidInputError, 'effortHours'],
      ['too many hours', { effortHours: '5000' }, InvalidInputError, 'effortHours'],
      ['a date in the future', { occurredAt: new Date(Date.now() + 86400_000) }, InvalidInputError, 'occurredAt'],
      ['evidence that is not a CID', { evidenceCids: ['nope'] }, InvalidInputError, 'evidenceCids[0]'],
      [
        'evidence never uploaded',
        { evidenceCids: ['bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'] },
        InvalidInputError,
        'evidenceCids[0]',
      ],
      ['an unknown design version', { designVersionCid: 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' }, NotFoundError],
      [
        'an organization they are not in',
        { organizationId: (await newOrganization(app, (await newAccount(app)).viewer)).id },
        ForbiddenError,
      ],
    ];
    for (const [, patch, error, field] of cases) {
      await expectNothingWritten(db, TABLES, () => contributions.record(viewer, { ...base, ...patch } as never), error, field);
    }
    await expectNothingWritten(
      db,
      TABLES,
      () => contributions.validate(viewer, 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', true),
      NotFoundError,
    );
    await expect(contributions.page({ agent: 'did:web:example.org' })).rejects.toMatchObject({
      details: { field: 'agent', reason: 'INVALID_DID' },
    });
    await expect(contributions.page({ status: 'LOST' })).rejects.toMatchObject({ details: { field: 'status' } });
  });

  it('exports a design’s counted contributions as a Hypercerts activity claim', async () => {
    const designer = await newAccount(app);
    const version = await newDesignVersion(app, designer.viewer, { title: 'Solar Dryer' });
    await deliver(version.designId);
    const cert = await contributions.hypercert({ designId: version.designId });
    expect(cert.activity).toMatchObject({
      $type: 'org.hypercerts.claim.activity',
      title: 'Solar Dryer',
      workScope: { allOf: expect.arrayContaining(['open-hardware']) },
    });
    expect(cert.contributions).toEqual([
      expect.objectContaining({
        $type: 'org.hypercerts.claim.contribution',
        contributors: [designer.did],
        role: 'maker',
        records: [expect.stringMatching(/^bagcq/)],
      }),
    ]);
    await expect(contributions.hypercert({})).rejects.toBeInstanceOf(InvalidInputError);
  });
});
