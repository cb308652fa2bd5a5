import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { managerOf, returnedRows, type Tx } from '../database/transaction.js';
import type { ContributionAction } from './record-codec.js';
import type {
  AnchorStatus,
  ContributionFilter,
  ContributionRecord,
  ContributionValidation,
  NewContributionRecord,
  ValidationState,
} from './contributions.types.js';

export function recordFromRaw(r: Record<string, unknown>): ContributionRecord {
  return {
    seq: String(r.seq),
    id: r.id as string,
    payloadCid: r.payload_cid as string,
    source: r.source as string,
    action: r.action as ContributionAction,
    providerDid: r.provider_did as string,
    providerAccountId: (r.provider_account_id as string | null) ?? null,
    providerOrganizationId: (r.provider_organization_id as string | null) ?? null,
    receiverDid: (r.receiver_did as string | null) ?? null,
    subject: r.subject as string,
    designId: (r.design_id as string | null) ?? null,
    designVersionCid: (r.design_version_cid as string | null) ?? null,
    jobId: (r.job_id as string | null) ?? null,
    effortHours: r.effort_hours === null || r.effort_hours === undefined ? null : String(r.effort_hours as string | number),
    note: (r.note as string | null) ?? null,
    evidenceCids: (r.evidence_cids as string[]) ?? [],
    occurredAt: new Date(r.occurred_at as string),
    previousId: (r.previous_id as string | null) ?? null,
    chainId: r.chain_id as string,
    signers: (r.signers as string[]) ?? [],
    validation: r.validation as ValidationState,
    validationsRequired: Number(r.validations_required),
    status: r.status as AnchorStatus,
    batchId: (r.batch_id as string | null) ?? null,
    merklePath: (r.merkle_path as string | null) ?? null,
    proofCid: (r.proof_cid as string | null) ?? null,
    ceramicStreamId: (r.ceramic_stream_id as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
  };
}

const validationFromRaw = (r: Record<string, unknown>): ContributionValidation => ({
  recordId: r.record_id as string,
  accountId: r.account_id as string,
  approve: r.approve as boolean,
  at: new Date(r.at as string),
  answerRecordId: (r.answer_record_id as string | null) ?? null,
});

@Injectable()
export class ContributionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Serialises appends to one subject so each record links the one before it (no forks).
  async lockSubject(tx: Tx, subject: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [subject]);
  }

  async latestOfSubject(subject: string, tx?: Tx): Promise<{ id: string; chainId: string } | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT id, chain_id FROM contribution_records WHERE subject = $1 ORDER BY seq DESC LIMIT 1',
      [subject],
    );
    return rows[0] ? { id: rows[0].id, chainId: rows[0].chain_id } : null;
  }

  async insertMany(
    tx: Tx,
    records: ReadonlyArray<NewContributionRecord & { previousId: string | null; chainId: string }>,
  ): Promise<ContributionRecord[]> {
    const columns = [
      'id',
      'payload_cid',
      'source',
      'action',
      'provider_did',
      'provider_account_id',
      'provider_organization_id',
      'receiver_did',
      'subject',
      'design_id',
      'design_version_cid',
      'job_id',
      'effort_hours',
      'note',
      'evidence_cids',
      'occurred_at',
      'previous_id',
      'chain_id',
      'signers',
      'validation',
      'validations_required',
    ];
    const params: unknown[] = [];
    const values = records.map((r) => {
      const row = [
        r.id,
        r.payloadCid,
        r.source,
        r.action,
        r.providerDid,
        r.providerAccountId,
        r.providerOrganizationId,
        r.receiverDid,
        r.subject,
        r.designId,
        r.designVersionCid,
        r.jobId,
        r.effortHours,
        r.note,
        r.evidenceCids,
        r.occurredAt,
        r.previousId,
        r.chainId,
        r.signers,
        r.validation,
        r.validationsRequired,
      ];
      const start = params.length;
      params.push(...row);
      return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    const rows = await managerOf(this.dataSource, tx).query(
      `INSERT INTO contribution_records (${columns.join(', ')}) VALUES ${values.join(', ')} RETURNING *`,
      params,
    );
    // RETURNING keeps no order guarantee: give them back in the order asked.
    const byId = new Map<string, ContributionRecord>(rows.map((r: Record<string, unknown>) => [r.id as string, recordFromRaw(r)]));
    return records.map((r) => byId.get(r.id)!);
  }

  async findBySources(tx: Tx, sources: readonly string[]): Promise<ContributionRecord[]> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM contribution_records WHERE source = ANY($1) ORDER BY seq', [
      sources,
    ]);
    return rows.map(recordFromRaw);
  }

  async findById(id: string, tx?: Tx): Promise<ContributionRecord | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM contribution_records WHERE id = $1', [id]);
    return rows[0] ? recordFromRaw(rows[0]) : null;
  }

  async lockById(tx: Tx, id: string): Promise<ContributionRecord | null> {
    const rows = await managerOf(this.dataSource, tx).query('SELECT * FROM contribution_records WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? recordFromRaw(rows[0]) : null;
  }

  async findByIds(ids: readonly string[]): Promise<ContributionRecord[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource.query('SELECT * FROM contribution_records WHERE id = ANY($1)', [ids]);
    return rows.map(recordFromRaw);
  }

  // Newest first, keyset on seq.
  async page(filter: ContributionFilter, limit: number, beforeSeq?: string): Promise<{ rows: ContributionRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.agentDid) add('provider_did = ?', filter.agentDid);
    if (filter.organizationId) {
      if (!isUuid(filter.organizationId)) return { rows: [], total: 0 };
      add('provider_organization_id = ?', filter.organizationId);
    }
    if (filter.designId) {
      if (!isUuid(filter.designId)) return { rows: [], total: 0 };
      add('design_id = ?', filter.designId);
    }
    if (filter.jobId) {
      if (!isUuid(filter.jobId)) return { rows: [], total: 0 };
      add('job_id = ?', filter.jobId);
    }
    if (filter.action) add('action = ?', filter.action);
    if (filter.status) add('status = ?', filter.status);
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM contribution_records ${cond}`, params);
    const pageParams = [...params];
    let pageCond = cond;
    if (beforeSeq) {
      pageParams.push(beforeSeq);
      pageCond = `${cond ? `${cond} AND` : 'WHERE'} seq < $${pageParams.length}`;
    }
    pageParams.push(limit);
    const rows = await this.dataSource.query(
      `SELECT * FROM contribution_records ${pageCond} ORDER BY seq DESC LIMIT $${pageParams.length}`,
      pageParams,
    );
    return { rows: rows.map(recordFromRaw), total: n };
  }

  async allOf(filter: { designId?: string; jobId?: string }, limit: number): Promise<ContributionRecord[]> {
    const [column, value] = filter.designId ? ['design_id', filter.designId] : ['job_id', filter.jobId!];
    if (!isUuid(value)) return [];
    const rows = await this.dataSource.query(`SELECT * FROM contribution_records WHERE ${column} = $1 ORDER BY seq LIMIT $2`, [
      value,
      limit,
    ]);
    return rows.map(recordFromRaw);
  }

  async summaryOf(
    agentDid: string,
  ): Promise<Array<{ action: string; status: string; validation: string; records: number; effortHours: string }>> {
    const rows = await this.dataSource.query(
      `SELECT action, status, validation, count(*)::int AS records, coalesce(sum(effort_hours), 0)::text AS effort
         FROM contribution_records WHERE provider_did = $1 GROUP BY action, status, validation`,
      [agentDid],
    );
    return rows.map((r: Record<string, unknown>) => ({
      action: r.action as string,
      status: r.status as string,
      validation: r.validation as string,
      records: r.records as number,
      effortHours: r.effort as string,
    }));
  }

  async setCeramicStreamId(id: string, streamId: string): Promise<void> {
    await this.dataSource.query('UPDATE contribution_records SET ceramic_stream_id = $2 WHERE id = $1', [id, streamId]);
  }

  async upsertValidation(tx: Tx, v: ContributionValidation): Promise<void> {
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO contribution_validations (record_id, account_id, approve, at, answer_record_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (record_id, account_id) DO UPDATE SET approve = EXCLUDED.approve, at = EXCLUDED.at, answer_record_id = EXCLUDED.answer_record_id`,
      [v.recordId, v.accountId, v.approve, v.at, v.answerRecordId],
    );
  }

  async findValidation(tx: Tx, recordId: string, accountId: string): Promise<ContributionValidation | null> {
    const rows = await managerOf(this.dataSource, tx).query(
      'SELECT * FROM contribution_validations WHERE record_id = $1 AND account_id = $2',
      [recordId, accountId],
    );
    return rows[0] ? validationFromRaw(rows[0]) : null;
  }

  async tally(tx: Tx, recordId: string): Promise<{ approvals: number; rejections: number }> {
    const [row] = await managerOf(this.dataSource, tx).query(
      'SELECT count(*) FILTER (WHERE approve)::int AS approvals, count(*) FILTER (WHERE NOT approve)::int AS rejections FROM contribution_validations WHERE record_id = $1',
      [recordId],
    );
    return { approvals: row.approvals, rejections: row.rejections };
  }

  async setValidation(tx: Tx, recordId: string, state: ValidationState): Promise<ContributionRecord> {
    const result = await managerOf(this.dataSource, tx).query('UPDATE contribution_records SET validation = $2 WHERE id = $1 RETURNING *', [
      recordId,
      state,
    ]);
    return recordFromRaw(returnedRows(result)[0]!);
  }

  async validationsOf(recordIds: readonly string[]): Promise<ContributionValidation[]> {
    if (!recordIds.length) return [];
    const rows = await this.dataSource.query('SELECT * FROM contribution_validations WHERE record_id = ANY($1) ORDER BY at', [recordIds]);
    return rows.map(validationFromRaw);
  }
}
