import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import type { Viewer } from '../common/auth/viewer.js';
import { decodeCursor, encodeCursor, pageSize } from '../common/graphql/connection.js';
import { UnitOfWork } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { ContentService } from '../ipfs/content.service.js';
import { ProductionService } from '../production/production.service.js';
import { ContributionsRepository } from './contributions.repository.js';
import {
  subjectOfDesign,
  subjectOfJob,
  subjectOfOrganization,
  type AnchorStatus,
  type ContributionFilter,
  type ContributionRecord,
} from './contributions.types.js';
import { MANUAL_ACTIONS, parseAction, parseAnchorStatus, parseDid, parseEffortHours, parseNote, parseOccurredAt } from './manual-input.js';
import { RecordWriter } from './record-writer.js';
import { centsOfHours, hoursFromCents } from './hours.js';
import { toHypercert, type HypercertExport } from './hypercert.js';
import { validationDraft } from './validation-record.js';
import type { RecordContributionInput } from './dto/contribution.inputs.js';

const MAX_EVIDENCE = 20;
const HYPERCERT_MAX_RECORDS = 10_000;

@Injectable()
export class ContributionsService {
  constructor(
    private readonly records: ContributionsRepository,
    private readonly writer: RecordWriter,
    private readonly organizations: OrganizationsService,
    private readonly agents: AgentDirectory,
    private readonly designs: DesignsService,
    private readonly production: ProductionService,
    private readonly content: ContentService,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // A contribution submitted by hand: signed and anchored at once, counted for rewards only
  // once enough other members of the organization approve it.
  async record(viewer: Viewer, input: RecordContributionInput, now = new Date()): Promise<ContributionRecord> {
    const action = parseAction(input.action, MANUAL_ACTIONS);
    const note = parseNote(input.note);
    const effortHours = parseEffortHours(input.effortHours);
    const occurredAt = parseOccurredAt(input.occurredAt, now);
    await this.access.require(viewer, 'organization:record-contribution', await this.organizations.get(input.organizationId));
    const version = input.designVersionCid ? await this.designs.versionByCid(input.designVersionCid) : null;
    const job = input.jobId ? await this.production.readableJob(viewer, input.jobId) : null;
    const evidenceCids = await this.content.requireStored(input.evidenceCids ?? [], 'evidenceCids', MAX_EVIDENCE);
    const providerDid = await this.agents.didOfAccount(viewer.accountId);
    const subject = job ? subjectOfJob(job.id) : version ? subjectOfDesign(version.designId) : subjectOfOrganization(input.organizationId);
    return this.uow.run((tx) =>
      this.writer.append(tx, {
        source: `manual:${randomUUID()}`,
        action,
        providerDid,
        providerAccountId: viewer.accountId,
        providerOrganizationId: input.organizationId,
        receiverDid: null,
        subject,
        designId: version?.designId ?? null,
        designVersionCid: version?.cid ?? null,
        jobId: job?.id ?? null,
        inputOf: job ? subjectOfJob(job.id) : undefined,
        effortHours,
        note,
        occurredAt,
        evidenceCids,
        validation: 'PENDING',
        validationsRequired: this.config.contributions.validationsRequired,
      }),
    );
  }

  // A member other than the contributor approves or rejects; a member may change their mind
  // while the record is pending. N approvals make it count, N rejections close it. Every answer
  // (and every change) is a record signed by the validator, which the validation row names.
  async validate(viewer: Viewer, rawId: string, approve: boolean, now = new Date()): Promise<ContributionRecord> {
    const record = await this.get(rawId);
    // The record's own id from here on: the one given may carry spaces that get() trimmed.
    const id = record.id;
    if (record.validation === 'NOT_REQUIRED')
      throw new ConflictError('Records the platform captured need no validation.', { reason: 'NOT_VALIDATABLE' });
    if (!record.providerOrganizationId) throw new ConflictError('This record belongs to no organization.', { reason: 'NOT_VALIDATABLE' });
    await this.access.require(viewer, 'contribution:validate', {
      providerAccountId: record.providerAccountId,
      providerOrganizationId: record.providerOrganizationId,
    });
    const validatorDid = await this.agents.didOfAccount(viewer.accountId);
    const organizationDid = (await this.organizations.get(record.providerOrganizationId)).did;
    return this.uow.run(async (tx) => {
      const locked = (await this.records.lockById(tx, id))!;
      if (locked.validation !== 'PENDING')
        throw new ConflictError(`This contribution is already ${locked.validation.toLowerCase()}.`, { reason: 'VALIDATION_CLOSED' });
      const previous = await this.records.findValidation(tx, id, viewer.accountId);
      if (previous && previous.approve === approve)
        throw new ConflictError('You already gave this answer.', { reason: 'ALREADY_VALIDATED' });
      const answer = await this.writer.append(
        tx,
        validationDraft({
          recordId: id,
          validatorDid,
          validatorAccountId: viewer.accountId,
          organizationDid,
          approve,
          at: now,
          source: `validation:${id}:${viewer.accountId}:${randomUUID()}`,
        }),
      );
      await this.records.upsertValidation(tx, { recordId: id, accountId: viewer.accountId, approve, at: now, answerRecordId: answer.id });
      const { approvals, rejections } = await this.records.tally(tx, id);
      if (approvals >= locked.validationsRequired) return this.records.setValidation(tx, id, 'APPROVED');
      if (rejections >= locked.validationsRequired) return this.records.setValidation(tx, id, 'REJECTED');
      return locked;
    });
  }

  async get(id: string): Promise<ContributionRecord> {
    const record = await this.records.findById(id.trim());
    if (!record) throw new NotFoundError('ContributionRecord', id);
    return record;
  }

  async find(id: string): Promise<ContributionRecord | null> {
    return this.records.findById(id.trim());
  }

  async page(
    raw: {
      agent?: string | null;
      organizationId?: string | null;
      designId?: string | null;
      jobId?: string | null;
      action?: string | null;
      status?: string | null;
    },
    first?: number | null,
    after?: string | null,
  ) {
    const filter: ContributionFilter = {
      agentDid: raw.agent ? parseDid(raw.agent) : undefined,
      organizationId: raw.organizationId ?? undefined,
      designId: raw.designId ?? undefined,
      jobId: raw.jobId ?? undefined,
      action: raw.action ? parseAction(raw.action, undefined, 'filter.action') : undefined,
      status: raw.status ? parseAnchorStatus(raw.status) : undefined,
    };
    const limit = pageSize(first);
    const beforeSeq = after ? decodeCursor(after) : undefined;
    if (beforeSeq !== undefined && !/^\d{1,19}$/.test(beforeSeq))
      throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
    const { rows, total } = await this.records.page(filter, limit + 1, beforeSeq);
    const nodes = rows.slice(0, limit);
    return {
      edges: nodes.map((node) => ({ cursor: encodeCursor(node.seq), node })),
      pageInfo: {
        hasNextPage: rows.length > limit,
        hasPreviousPage: !!after,
        startCursor: nodes.length ? encodeCursor(nodes[0]!.seq) : null,
        endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1]!.seq) : null,
      },
      totalCount: total,
    };
  }

  async summary(rawDid: string) {
    const did = parseDid(rawDid);
    const rows = await this.records.summaryOf(did);
    const byAction = new Map<string, { action: string; records: number; effortCents: number }>();
    const byStatus = new Map<AnchorStatus, number>();
    let counted = 0;
    for (const r of rows) {
      const a = byAction.get(r.action) ?? { action: r.action, records: 0, effortCents: 0 };
      a.records += r.records;
      a.effortCents += centsOfHours(r.effortHours);
      byAction.set(r.action, a);
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.records);
      if (r.validation === 'NOT_REQUIRED' || r.validation === 'APPROVED') counted += r.records;
    }
    const total = [...byStatus.values()].reduce((s, n) => s + n, 0);
    return {
      agentDid: did,
      records: total,
      countedForRewards: counted,
      byAction: [...byAction.values()]
        .map((a) => ({ action: a.action, records: a.records, effortHours: hoursFromCents(a.effortCents) }))
        .sort((x, y) => x.action.localeCompare(y.action)),
      byStatus: [...byStatus.entries()].map(([status, records]) => ({ status, records })).sort((x, y) => x.status.localeCompare(y.status)),
    };
  }

  // Hypercerts activity claim + contributions for a design (every version and job of it) or a job.
  async hypercert(target: { designId?: string | null; jobId?: string | null }, now = new Date()): Promise<HypercertExport> {
    if (!!target.designId === !!target.jobId) throw new InvalidInputError('designId', 'Give either designId or jobId.', 'ONE_OF');
    const filter: ContributionFilter = target.designId ? { designId: target.designId } : { jobId: target.jobId! };
    let title: string;
    let scope: string[];
    if (target.designId) {
      title = (await this.designs.design(target.designId)).title;
      scope = ['open-hardware', 'design', 'fabrication'];
    } else {
      const job = await this.production.getJob(target.jobId!);
      title = `${job.label} × ${job.quantity}`;
      scope = ['open-hardware', 'fabrication'];
    }
    const records = await this.records.allOf(filter, HYPERCERT_MAX_RECORDS);
    return toHypercert({ title, shortDescription: `Open hardware made cosmo-locally: ${title}`, workScope: scope, records, now });
  }
}
