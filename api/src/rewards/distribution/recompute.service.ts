import { Injectable } from '@nestjs/common';
import { CID } from 'multiformats/cid';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import { centsOfHours, hoursFromCents } from '../../contributions/hours.js';
import {
  envelopePayload,
  RecordVerificationError,
  verifyRecord,
  type ContributionPayload,
  type VerifiedRecord,
} from '../../contributions/record-codec.js';
import { answerMismatch } from '../../contributions/validation-record.js';
import { AgentDirectory } from '../../identity/agent-directory.js';
import { ContentService } from '../../ipfs/content.service.js';
import { ProductionService } from '../../production/production.service.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { SettlementsRepository } from './settlements.repository.js';
import { PoliciesService } from '../policy/policies.service.js';
import { SplitInputsRepository } from './split-inputs.repository.js';
import { computeSplit, type LineageNode, type PayoutLine, type SplitRecord } from './split.js';
import type { LedgerAccount, Settlement } from '../rewards.types.js';

export interface Recomputation {
  settlementId: string;
  matches: boolean;
  differences: string[];
  expected: PayoutLine[];
  records: number;
}

// An account as a reader would name it: by kind and owner, never by its internal id.
const accountName = (a: Pick<LedgerAccount, 'kind' | 'ownerDid' | 'organizationId' | 'fund'>) =>
  a.kind === 'FUND'
    ? `FUND ${a.fund} of organization ${a.organizationId}`
    : a.kind === 'CLEARING'
      ? `CLEARING ${a.fund}`
      : `${a.kind} ${a.ownerDid}`;
const entryKey = (account: string, amountMinor: bigint, currency: string) =>
  `${account}: ${amountMinor > 0n ? '+' : ''}${amountMinor} ${currency}`;

// What is in `a` and not in `b`, counting repeats (two equal lines are two entries).
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    return n === 0;
  });
}

const key = (l: { recipient: string; bucket: string; amountMinor: bigint; records: string[]; lineagePath: string[] | null }) =>
  `${l.bucket} → ${l.recipient}: ${l.amountMinor} [${l.records.join(',')}]${l.lineagePath ? ` via ${l.lineagePath.join('>')}` : ''}`;

// Recomputes a distributed settlement from the policy and the signed records themselves: every
// record's action, provider and hours come from its verified blocks (not from the index), the
// lineage from the design versions' manifests, and the records' standing as of the moment the
// distribution read it, validations counted only when the validator's signed answer backs them
// (a missing or forged one is reported). Any line that differs from what was paid is reported, and
// so is any entry of the settlement's ledger transaction that differs from the entries the split
// makes (the payer's debit and one credit per line): the money that moved, not only the lines.
@Injectable()
export class RecomputeService {
  constructor(
    private readonly rewards: SettlementsRepository,
    private readonly policies: PoliciesService,
    private readonly inputs: SplitInputsRepository,
    private readonly content: ContentService,
    private readonly production: ProductionService,
    private readonly ledger: LedgerRepository,
    private readonly agents: AgentDirectory,
  ) {}

  async recompute(settlementId: string): Promise<Recomputation> {
    const settlement = await this.rewards.findSettlement(settlementId);
    if (!settlement) throw new NotFoundError('Settlement', settlementId);
    if (settlement.status !== 'DISTRIBUTED' || !settlement.inputsAsOf)
      throw new ConflictError('This settlement is not distributed yet.', { reason: 'NOT_DISTRIBUTED' });
    const asOf = settlement.inputsAsOf;
    const policy = await this.policies.policyVersion(settlement.organizationId, settlement.policyVersion);
    const ctx = await this.production.paymentContext(settlement.jobId);
    const designId = ctx.version.designId;

    const standing = await this.inputs.standingAsOf(settlement.jobId, designId, asOf);
    // Validation as the signed answers give it, not as the rows say: a row without a valid answer
    // signed by its validator about that record counts for nothing, and is reported.
    const answers = await this.signedAnswers(
      standing.filter((s) => !s.captured).map((s) => s.id),
      asOf,
    );
    const records: SplitRecord[] = [];
    const effort = new Map<string, number>();
    for (const s of standing) {
      const approvals = answers.valid.filter((a) => a.recordId === s.id && a.approve).length;
      const rejections = answers.valid.filter((a) => a.recordId === s.id && !a.approve).length;
      const validated = s.captured || approvals >= s.validationsRequired;
      const rejected = !validated && rejections >= s.validationsRequired;
      const payload = await this.verifiedPayload(s.id);
      if (validated && payload.effortQuantity)
        effort.set(payload.provider, (effort.get(payload.provider) ?? 0) + centsOfHours(payload.effortQuantity.hasNumericalValue));
      if (!s.inScope) continue;
      records.push({
        id: s.id,
        action: payload.action,
        providerDid: payload.provider,
        scope: payload.subject === `urn:cosmolocal:job:${settlement.jobId}` ? 'JOB' : 'DESIGN',
        effortHours: payload.effortQuantity?.hasNumericalValue ?? null,
        validated,
        rejected,
        anchored: s.anchored,
      });
    }
    const inScope = new Set(records.map((r) => r.id));
    const validators = answers.valid.filter((a) => a.approve && inScope.has(a.recordId)).map((a) => ({ did: a.did, recordId: a.recordId }));
    const lineage = await this.lineageFromManifests(ctx.version.cid, policy.lineage.maxDepth);
    const expected = computeSplit({
      amountMinor: settlement.amountMinor,
      policy,
      records,
      validators,
      lineage,
      designId,
      paidFromDesign: await this.rewards.paidFromDesign(designId, settlement.currency, settlement.distributedAt!),
      effortOnDesign: new Map([...effort].map(([did, cents]) => [did, hoursFromCents(cents)])),
    });

    const stored = (await this.rewards.payoutsOf(settlementId)).map((p) =>
      key({
        recipient: p.recipientDid ?? `fund:${p.fund}`,
        bucket: p.bucket,
        amountMinor: p.amountMinor,
        records: p.records,
        lineagePath: p.lineagePath,
      }),
    );
    const recomputed = expected.map((l) =>
      key({
        recipient: l.recipient.kind === 'AGENT' ? l.recipient.did : `fund:${l.recipient.fund}`,
        bucket: l.bucket,
        amountMinor: l.amountMinor,
        records: l.records,
        lineagePath: l.lineagePath ?? null,
      }),
    );
    const differences = [
      ...answers.problems,
      ...minus(stored, recomputed).map((s) => `paid but not recomputed: ${s}`),
      ...minus(recomputed, stored).map((r) => `recomputed but not paid: ${r}`),
      ...(await this.ledgerDifferences(settlement, expected)),
    ];
    return { settlementId, matches: differences.length === 0, differences, expected, records: records.length };
  }

  // The settlement's ledger transaction against the entries the recomputed split makes.
  private async ledgerDifferences(settlement: Settlement, expected: PayoutLine[]): Promise<string[]> {
    if (!settlement.transactionId) return ['the settlement names no ledger transaction'];
    const { currency } = settlement;
    const payer = accountName({
      kind: 'EXTERNAL',
      ownerDid: await this.agents.didOfAccount(settlement.payerAccountId),
      organizationId: null,
      fund: null,
    });
    const recomputed = [
      entryKey(payer, -settlement.amountMinor, currency),
      ...expected.map((l) =>
        entryKey(
          l.recipient.kind === 'AGENT'
            ? accountName({ kind: 'AGENT', ownerDid: l.recipient.did, organizationId: null, fund: null })
            : accountName({ kind: 'FUND', ownerDid: null, organizationId: settlement.organizationId, fund: l.recipient.fund }),
          l.amountMinor,
          currency,
        ),
      ),
    ];
    const posted = (await this.ledger.entriesWithAccounts(settlement.transactionId)).map((e) =>
      entryKey(accountName(e.account), e.amountMinor, e.currency),
    );
    return [
      ...minus(posted, recomputed).map((e) => `in the ledger but not recomputed: ${e}`),
      ...minus(recomputed, posted).map((e) => `recomputed but not in the ledger: ${e}`),
    ];
  }

  private async verifiedPayload(id: string): Promise<ContributionPayload> {
    return (await this.verifiedRecord(id)).payload;
  }

  private async verifiedRecord(id: string): Promise<VerifiedRecord> {
    const cid = CID.parse(id);
    const envelope = await this.content.block(cid);
    const { payloadCid } = envelopePayload(envelope);
    return verifyRecord(cid, envelope, await this.content.block(payloadCid));
  }

  // The peers' answers on these records, each checked from its blocks: signature, signer (the
  // validator), subject (the record) and answer. Those given after `asOf` are left out (the
  // distribution could not have seen them); each one that fails is described.
  private async signedAnswers(
    recordIds: readonly string[],
    asOf: Date,
  ): Promise<{ valid: Array<{ recordId: string; did: string; approve: boolean }>; problems: string[] }> {
    const valid: Array<{ recordId: string; did: string; approve: boolean }> = [];
    const problems: string[] = [];
    for (const v of await this.inputs.validationsOf(recordIds)) {
      const label = `${v.approve ? 'approval' : 'rejection'} of ${v.recordId} by ${v.did}`;
      if (!v.answerRecordId) {
        problems.push(`${label}: no signed answer`);
        continue;
      }
      const verified = await this.verifiedRecord(v.answerRecordId).catch((err: unknown) =>
        err instanceof RecordVerificationError ? err.reason : err instanceof Error ? err.message : String(err),
      );
      if (typeof verified === 'string') {
        problems.push(`${label}: its signed answer ${v.answerRecordId} does not verify (${verified})`);
        continue;
      }
      const mismatch = answerMismatch(verified, { validatorDid: v.did, recordId: v.recordId, approve: v.approve });
      if (mismatch) {
        problems.push(`${label}: its signed answer ${v.answerRecordId} is ${mismatch}`);
        continue;
      }
      if (new Date(verified.payload.occurredAt) <= asOf) valid.push({ recordId: v.recordId, did: v.did, approve: v.approve });
    }
    return { valid, problems };
  }

  // The paid version and its ancestors from their manifests (parents and declared shares), each
  // credited to the signer of its publication record.
  private async lineageFromManifests(rootCid: string, maxDepth: number): Promise<{ root: string; nodes: Map<string, LineageNode> }> {
    const nodes = new Map<string, LineageNode>();
    const visit = async (cid: string, depth: number): Promise<void> => {
      if (nodes.has(cid)) return;
      const manifest = await this.content.getDagCbor<{ derivativeOf?: Array<{ version: CID; shareBps: number }> }>(CID.parse(cid));
      const publication = await this.inputs.publicationOf(cid);
      if (!publication) throw new NotFoundError('Publication record of design version', cid);
      const payload = await this.verifiedPayload(publication);
      const designId = payload.subject.replace('urn:cosmolocal:design:', '');
      const parents = (manifest.derivativeOf ?? []).map((d) => ({ versionCid: d.version.toString(), shareBps: d.shareBps }));
      nodes.set(cid, { versionCid: cid, designId, designerDid: payload.provider, parents });
      if (depth < maxDepth) for (const p of parents) await visit(p.versionCid, depth + 1);
    };
    await visit(rootCid, 0);
    return { root: rootCid, nodes };
  }
}
