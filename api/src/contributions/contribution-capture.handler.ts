import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.js';
import { DesignsService } from '../designs/designs.service.js';
import { AgentDirectory } from '../identity/agent-directory.js';
import type { DomainEventHandler } from '../outbox/domain-event-handler.js';
import type { DomainEventOf } from '../outbox/domain-events.js';
import { CAPTURED_EVENTS, draftsOf, type AgentRef, type CapturedEvent } from './capture-rules.js';
import { RecordWriter } from './record-writer.js';

export const CAPTURE_HANDLER = 'contribution-records';

// Every event a capture rule names (capture-rules.ts) becomes signed contribution records, in
// the same transaction that marks the event processed: exactly one record per event and step.
@Injectable()
export class ContributionCaptureHandler implements DomainEventHandler<CapturedEvent> {
  readonly name = CAPTURE_HANDLER;
  readonly handles = CAPTURED_EVENTS;

  constructor(
    private readonly writer: RecordWriter,
    private readonly agents: AgentDirectory,
    private readonly designs: DesignsService,
  ) {}

  async handle(event: DomainEventOf<CapturedEvent>, tx: Tx): Promise<void> {
    for (const draft of draftsOf(event)) {
      const designId =
        draft.designId ?? (draft.designVersionCid ? (await this.designs.versionByCid(draft.designVersionCid, tx)).designId : null);
      await this.writer.append(tx, {
        source: draft.source,
        action: draft.action,
        providerDid: await this.didOf(draft.provider, tx),
        providerAccountId: draft.providerAccountId,
        providerOrganizationId: draft.providerOrganizationId,
        receiverDid: draft.receiver ? await this.didOf(draft.receiver, tx) : null,
        subject: draft.subject,
        designId,
        designVersionCid: draft.designVersionCid ?? null,
        jobId: draft.jobId ?? null,
        inputOf: draft.inputOf,
        outputOf: draft.outputOf,
        effortHours: draft.effortHours ?? null,
        note: draft.note,
        occurredAt: draft.occurredAt,
        evidenceCids: draft.evidenceCids,
        validation: 'NOT_REQUIRED',
        validationsRequired: 0,
      });
    }
  }

  private didOf(agent: AgentRef, tx: Tx): Promise<string> {
    return agent.kind === 'account' ? this.agents.didOfAccount(agent.id, tx) : this.agents.didOfOrganization(agent.id, tx);
  }
}
