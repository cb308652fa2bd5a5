import { Injectable } from '@nestjs/common';
import type { PayloadOf } from '../governance.types.js';
import type { ProposalKind } from './proposal-kind.js';

declare module '../governance.types.js' {
  interface ProposalPayloads {
    TEXT: Record<never, never>;
  }
}

// A non-binding proposal: a question put to the members, with its own options if it likes; it is
// tallied and never carried out.
@Injectable()
export class TextKind implements ProposalKind<'TEXT'> {
  readonly name = 'TEXT';
  readonly binding = false;
  readonly treasurerApprovals = false;

  async parse(): Promise<PayloadOf<'TEXT'>> {
    return { kind: 'TEXT' };
  }

  async execute(): Promise<Record<string, unknown>> {
    return {};
  }

  describe() {
    return {};
  }
}
