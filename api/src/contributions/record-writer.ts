import { Injectable } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import type { Tx } from '../database/transaction.js';
import { ContentService } from '../ipfs/content.service.js';
import { KeysService } from '../keys/keys.service.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { ContributionsRepository } from './contributions.repository.js';
import type { ContributionRecord, NewContributionRecord } from './contributions.types.js';
import type { NewDomainEvent } from '../outbox/domain-events.js';
import { RECORD_TYPE, signRecord, type ContributionAction, type ContributionPayload } from './record-codec.js';

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
    return (await this.appendChain(tx, [draft]))[0]!;
  }

  // Several records of one subject in order, each linking the one before, with one lock, one
  // key lookup per provider and one write per table (a distribution's payout records).
  async appendChain(tx: Tx, drafts: readonly ResolvedDraft[]): Promise<ContributionRecord[]> {
    if (!drafts.length) return [];
    const existing = await this.records.findBySources(
      tx,
      drafts.map((d) => d.source),
    );
    if (existing.length) return existing;
    await this.records.lockSubject(tx, drafts[0]!.subject);
    const chain = await this.signChain(drafts, await this.records.latestOfSubject(drafts[0]!.subject, tx), tx);
    return (await this.commitChain(tx, chain))!;
  }

  // Signs a chain of records after `previous` and stores their blocks, outside any transaction
  // if the caller likes (signing is the slow part); commitChain then indexes them.
  async signChain(drafts: readonly ResolvedDraft[], previous: { id: string; chainId: string } | null, tx?: Tx): Promise<SignedChain> {
    const subject = drafts[0]!.subject;
    if (drafts.some((d) => d.subject !== subject)) throw new Error('a chain holds records of one subject');
    const seeds = new Map<string, Uint8Array>();
    for (const did of new Set(drafts.map((d) => d.providerDid))) seeds.set(did, await this.keys.seedFor(did, tx));
    const rows: SignedChain['rows'] = [];
    const blocks: Array<{ cid: CID; bytes: Uint8Array }> = [];
    const ids: CID[] = [];
    // The records of a chain mostly name the same design version: each CID string parsed once.
    const parsed = new Map<string, CID>();
    const cidOf = (raw: string) => parsed.get(raw) ?? parsed.set(raw, CID.parse(raw)).get(raw)!;
    let last = previous && { ...previous, cid: cidOf(previous.id) };
    for (const draft of drafts) {
      const signed = await signRecord(payloadOf(draft, last?.cid, cidOf), [
        { did: draft.providerDid, seed: seeds.get(draft.providerDid)! },
      ]);
      const id = signed.id.toString();
      blocks.push({ cid: signed.id, bytes: signed.envelope }, { cid: signed.payloadCid, bytes: signed.payloadBlock });
      ids.push(signed.id);
      rows.push({
        ...draft,
        id,
        payloadCid: signed.payloadCid.toString(),
        signers: [draft.providerDid],
        previousId: last?.id ?? null,
        chainId: last?.chainId ?? id,
      });
      last = { id, chainId: last?.chainId ?? id, cid: signed.id };
    }
    // Blocks first: if the transaction then rolls back they are unreferenced, never missing.
    // signRecord has just hashed every one of them into its CID.
    await this.content.putBlocks(blocks, ids, { hashedHere: true });
    return { subject, previousId: previous?.id ?? null, rows };
  }

  // Indexes a signed chain if the subject's latest record is still the one it links to (under the
  // subject's lock); null when another record came first and the chain must be signed again.
  async commitChain(tx: Tx, chain: SignedChain): Promise<ContributionRecord[] | null> {
    await this.records.lockSubject(tx, chain.subject);
    if (((await this.records.latestOfSubject(chain.subject, tx))?.id ?? null) !== chain.previousId) return null;
    await this.outbox.appendMany(tx, recordedEvents(chain.rows));
    return this.records.insertMany(tx, chain.rows);
  }
}

// The event each new record leaves in the outbox.
export const recordedEvents = (
  rows: ReadonlyArray<{ id: string; providerDid: string; action: ContributionAction }>,
): Array<NewDomainEvent<'contribution.recorded'>> =>
  rows.map((r) => ({
    type: 'contribution.recorded',
    aggregateType: 'contribution',
    aggregateId: r.id,
    payload: { recordId: r.id, providerDid: r.providerDid, action: r.action },
  }));

export interface SignedChain {
  subject: string;
  previousId: string | null;
  rows: Array<ResolvedDraft & { id: string; payloadCid: string; signers: string[]; previousId: string | null; chainId: string }>;
}

function payloadOf(draft: ResolvedDraft, previous: CID | undefined, cidOf: (raw: string) => CID): ContributionPayload {
  return {
    type: RECORD_TYPE,
    action: draft.action,
    provider: draft.providerDid,
    receiver: draft.receiverDid ?? undefined,
    subject: draft.subject,
    resourceConformsTo: draft.designVersionCid ? cidOf(draft.designVersionCid) : undefined,
    inputOf: draft.inputOf,
    outputOf: draft.outputOf,
    effortQuantity: draft.effortHours ? { hasNumericalValue: draft.effortHours, hasUnit: 'hour' } : undefined,
    resourceQuantity: draft.resourceQuantity,
    note: draft.note ?? undefined,
    occurredAt: draft.occurredAt.toISOString(),
    evidence: draft.evidenceCids.map((c) => cidOf(c)),
    previous,
  };
}
