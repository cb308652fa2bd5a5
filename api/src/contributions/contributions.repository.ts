import { Injectable } from '@nestjs/common';
import { sql as raw } from 'kysely';
import { isUuid } from '../common/uuid.js';
import { oneOf, present } from '../database/row-checks.js';
import { db, Sql } from '../database/sql.js';
import type { Tx } from '../database/transaction.js';
import { toRecord, toValidation } from './contribution-rows.js';
import { CONTRIBUTION_ACTIONS, type ContributionAction } from './record-codec.js';
import {
  ANCHOR_STATUSES,
  VALIDATION_STATES,
  type AnchorStatus,
  type ContributionFilter,
  type ContributionRecord,
  type ContributionValidation,
  type NewContributionRecord,
  type ValidationState,
} from './contributions.types.js';

export interface ContributionCount {
  action: ContributionAction;
  status: AnchorStatus;
  validation: ValidationState;
  records: number;
  effortHours: string;
}

const records = () => db.selectFrom('contribution_records').selectAll();
const validations = () => db.selectFrom('contribution_validations').selectAll();

@Injectable()
export class ContributionsRepository {
  constructor(private readonly sql: Sql) {}

  // Serialises appends to one subject so each record links the one before it (no forks).
  async lockSubject(tx: Tx, subject: string): Promise<void> {
    await this.sql.run(raw`SELECT pg_advisory_xact_lock(hashtextextended(${subject}, 7))`, tx);
  }

  async latestOfSubject(subject: string, tx?: Tx): Promise<{ id: string; chainId: string } | null> {
    const row = await this.sql.first(
      db.selectFrom('contribution_records').select(['id', 'chain_id']).where('subject', '=', subject).orderBy('seq', 'desc').limit(1),
      tx,
    );
    return row ? { id: row.id, chainId: row.chain_id } : null;
  }

  async insertMany(
    tx: Tx,
    records: ReadonlyArray<NewContributionRecord & { previousId: string | null; chainId: string }>,
  ): Promise<ContributionRecord[]> {
    const rows = await this.sql.all(
      db
        .insertInto('contribution_records')
        .values(
          records.map((r) => ({
            id: r.id,
            payload_cid: r.payloadCid,
            source: r.source,
            action: r.action,
            provider_did: r.providerDid,
            provider_account_id: r.providerAccountId,
            provider_organization_id: r.providerOrganizationId,
            receiver_did: r.receiverDid,
            subject: r.subject,
            design_id: r.designId,
            design_version_cid: r.designVersionCid,
            job_id: r.jobId,
            effort_hours: r.effortHours,
            note: r.note,
            evidence_cids: r.evidenceCids,
            occurred_at: r.occurredAt,
            previous_id: r.previousId,
            chain_id: r.chainId,
            signers: r.signers,
            validation: r.validation,
            validations_required: r.validationsRequired,
          })),
        )
        .returningAll(),
      tx,
    );
    // RETURNING keeps no order guarantee: give them back in the order asked.
    const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
    return records.map((r) => byId.get(r.id)!);
  }

  async findBySources(tx: Tx, sources: readonly string[]): Promise<ContributionRecord[]> {
    const query = records()
      .where((eb) => eb('source', '=', eb.fn.any(eb.val([...sources]))))
      .orderBy('seq');
    return (await this.sql.all(query, tx)).map(toRecord);
  }

  async findById(id: string, tx?: Tx): Promise<ContributionRecord | null> {
    const row = await this.sql.first(records().where('id', '=', id), tx);
    return row ? toRecord(row) : null;
  }

  async lockById(tx: Tx, id: string): Promise<ContributionRecord | null> {
    const row = await this.sql.first(records().where('id', '=', id).forUpdate(), tx);
    return row ? toRecord(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<ContributionRecord[]> {
    if (!ids.length) return [];
    return (await this.sql.all(records().where((eb) => eb('id', '=', eb.fn.any(eb.val([...ids])))))).map(toRecord);
  }

  // Newest first, keyset on seq.
  async page(filter: ContributionFilter, limit: number, beforeSeq?: string): Promise<{ rows: ContributionRecord[]; total: number }> {
    let matching = db.selectFrom('contribution_records');
    if (filter.agentDid) matching = matching.where('provider_did', '=', filter.agentDid);
    if (filter.organizationId) {
      if (!isUuid(filter.organizationId)) return { rows: [], total: 0 };
      matching = matching.where('provider_organization_id', '=', filter.organizationId);
    }
    if (filter.designId) {
      if (!isUuid(filter.designId)) return { rows: [], total: 0 };
      matching = matching.where('design_id', '=', filter.designId);
    }
    if (filter.jobId) {
      if (!isUuid(filter.jobId)) return { rows: [], total: 0 };
      matching = matching.where('job_id', '=', filter.jobId);
    }
    if (filter.action) matching = matching.where('action', '=', filter.action);
    if (filter.status) matching = matching.where('status', '=', filter.status);
    const count = await this.sql.first(matching.select((eb) => eb.fn.countAll<string>().as('n')));
    let page = matching.selectAll().orderBy('seq', 'desc').limit(limit);
    if (beforeSeq) page = page.where('seq', '<', beforeSeq);
    return { rows: (await this.sql.all(page)).map(toRecord), total: Number(count?.n ?? 0) };
  }

  async allOf(filter: { designId?: string; jobId?: string }, limit: number): Promise<ContributionRecord[]> {
    const column = filter.designId ? 'design_id' : 'job_id';
    const value = filter.designId || filter.jobId!;
    if (!isUuid(value)) return [];
    return (await this.sql.all(records().where(column, '=', value).orderBy('seq').limit(limit))).map(toRecord);
  }

  async summaryOf(agentDid: string): Promise<ContributionCount[]> {
    const rows = await this.sql.all(
      db
        .selectFrom('contribution_records')
        .select(['action', 'status', 'validation'])
        .select([raw<number>`count(*)::int`.as('records'), raw<string>`coalesce(sum(effort_hours), 0)::text`.as('effort')])
        .where('provider_did', '=', agentDid)
        .groupBy(['action', 'status', 'validation']),
    );
    return rows.map((r) => ({
      action: oneOf(CONTRIBUTION_ACTIONS, r.action, 'contribution_records.action'),
      status: oneOf(ANCHOR_STATUSES, r.status, 'contribution_records.status'),
      validation: oneOf(VALIDATION_STATES, r.validation, 'contribution_records.validation'),
      records: r.records,
      effortHours: r.effort,
    }));
  }

  async setCeramicStreamId(id: string, streamId: string): Promise<void> {
    await this.sql.run(db.updateTable('contribution_records').set({ ceramic_stream_id: streamId }).where('id', '=', id));
  }

  async upsertValidation(tx: Tx, v: ContributionValidation): Promise<void> {
    await this.sql.run(
      db
        .insertInto('contribution_validations')
        .values({ record_id: v.recordId, account_id: v.accountId, approve: v.approve, at: v.at, answer_record_id: v.answerRecordId })
        .onConflict((oc) =>
          oc.columns(['record_id', 'account_id']).doUpdateSet((eb) => ({
            approve: eb.ref('excluded.approve'),
            at: eb.ref('excluded.at'),
            answer_record_id: eb.ref('excluded.answer_record_id'),
          })),
        ),
      tx,
    );
  }

  async findValidation(tx: Tx, recordId: string, accountId: string): Promise<ContributionValidation | null> {
    const row = await this.sql.first(validations().where('record_id', '=', recordId).where('account_id', '=', accountId), tx);
    return row ? toValidation(row) : null;
  }

  async tally(tx: Tx, recordId: string): Promise<{ approvals: number; rejections: number }> {
    const row = await this.sql.first(
      db
        .selectFrom('contribution_validations')
        .select([
          raw<number>`count(*) FILTER (WHERE approve)::int`.as('approvals'),
          raw<number>`count(*) FILTER (WHERE NOT approve)::int`.as('rejections'),
        ])
        .where('record_id', '=', recordId),
      tx,
    );
    // An aggregate without GROUP BY always returns its one row.
    return { approvals: row?.approvals ?? 0, rejections: row?.rejections ?? 0 };
  }

  async setValidation(tx: Tx, recordId: string, state: ValidationState): Promise<ContributionRecord> {
    const row = await this.sql.first(
      db.updateTable('contribution_records').set({ validation: state }).where('id', '=', recordId).returningAll(),
      tx,
    );
    return toRecord(present(row, `contribution_records row ${recordId}`));
  }

  async validationsOf(recordIds: readonly string[]): Promise<ContributionValidation[]> {
    if (!recordIds.length) return [];
    const query = validations()
      .where((eb) => eb('record_id', '=', eb.fn.any(eb.val([...recordIds]))))
      .orderBy('at');
    return (await this.sql.all(query)).map(toValidation);
  }
}
