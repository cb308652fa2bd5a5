import { Injectable } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import type { Tx } from '../database/transaction.js';
import { ContentService } from '../ipfs/content.service.js';
import { KeysService } from '../keys/keys.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { ContributionsRepository } from './contributions.repository.js';
import type { ContributionRecord, NewContributionRecord } from './contributions.types.js';
import { RECORD_TYPE, signRecord, type ContributionPayload } from './record-codec.js';

export interface ResolvedDraft extends Omit<NewContributionRecord, 'id' | 'payloadCid' | 'signers'> {
  inputOf?: string;
  outputOf?: string;
  resourceQuantity?: { hasNumericalValue: string; hasUnit: string };
}

// Turns a draft into a signed record inside the caller's transaction: links the subject's
// previous record, signs with the platform-held key of the provider, stores the two blocks,
// and indexes the record. The source key makes a repeated append return the first record.
@Injectable()
export class RecordWriter {
  constructor(
    private readonly records: ContributionsRepository,
    private readonly keys: KeysService,
    private readonly content: ContentService,
    private readonly outbox: OutboxRepository,
  ) {}

  async append(tx: Tx, draft: ResolvedDraft): Promise<ContributionRecord> {
    const existing = await this.records.findBySource(tx, draft.source);
    if (existing) return existing;
    await this.records.lockSubject(tx, draft.subject);
    const previous = await this.records.latestOfSubject(tx, draft.subject);
    const payload: ContributionPayload = {
      type: RECORD_TYPE,
      action: draft.action,
      provider: draft.providerDid,
      receiver: draft.receiverDid ?? undefined,
      subject: draft.subject,
      resourceConformsTo: draft.designVersionCid ? CID.parse(draft.designVersionCid) : undefined,
      inputOf: draft.inputOf,
      outputOf: draft.outputOf,
      effortQuantity: draft.effortHours ? { hasNumericalValue: draft.effortHours, hasUnit: 'hour' } : undefined,
      resourceQuantity: draft.resourceQuantity,
      note: draft.note ?? undefined,
      occurredAt: draft.occurredAt.toISOString(),
      evidence: draft.evidenceCids.map((c) => CID.parse(c)),
      previous: previous ? CID.parse(previous.id) : undefined,
    };
    const seed = await this.keys.seedFor(draft.providerDid, tx);
    const signed = await signRecord(payload, [{ did: draft.providerDid, seed }]);
    // Blocks first: if the transaction then rolls back they are unreferenced, never missing.
    await this.content.putBlocks(
      [
        { cid: signed.id, bytes: signed.envelope },
        { cid: signed.payloadCid, bytes: signed.payloadBlock },
      ],
      [signed.id],
    );
    const id = signed.id.toString();
    await this.outbox.append(tx, { type: 'contribution.recorded', aggregateType: 'contribution', aggregateId: id, payload: { recordId: id, providerDid: draft.providerDid, action: draft.action } });
    return this.records.insert(tx, {
      ...draft,
      id,
      payloadCid: signed.payloadCid.toString(),
      signers: [draft.providerDid],
      previousId: previous?.id ?? null,
      chainId: previous?.chainId ?? id,
    });
  }
}
