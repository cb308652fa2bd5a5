import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PROPOSAL_KINDS } from '../governance.types.js';
import { ProposalKindsRepository } from '../proposal-kinds.repository.js';

// When the platform starts, the kinds it has handlers for become kinds the database accepts: a new
// kind is its file and its test, with no migration. Every process does this; it is idempotent.
@Injectable()
export class ProposalKindRegistration implements OnApplicationBootstrap {
  constructor(private readonly kinds: ProposalKindsRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.kinds.register(PROPOSAL_KINDS);
  }
}
