import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ProposalClosingService } from '../../../api/src/governance/proposal-closing.service.js';
import { QueueName, type JobPayloads } from '../../../api/src/jobs/queues.js';

// Closes a proposal when its window ends (idempotent: a closed proposal is left as it is).
@Processor(QueueName.Governance, { concurrency: 4 })
export class GovernanceProcessor extends WorkerHost {
  private readonly logger = new Logger(GovernanceProcessor.name);

  constructor(private readonly closing: ProposalClosingService) {
    super();
  }

  async process(job: Job<JobPayloads[QueueName.Governance]>): Promise<string | null> {
    const p = await this.closing.close(job.data.proposalId);
    // Fired early (a clock ahead of the database's): try again at the end of the window.
    if (p?.status === 'OPEN') {
      this.logger.warn({ msg: 'proposal not yet due; closing later', proposalId: p.id, votingEndsAt: p.votingEndsAt.toISOString() });
      throw new Error(`proposal ${p.id} closes at ${p.votingEndsAt.toISOString()}`);
    }
    return p?.status ?? null;
  }
}
