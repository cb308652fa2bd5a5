import { Inject, Injectable } from '@nestjs/common';
import type { Tx } from '../../database/transaction.js';
import { PROPOSAL_KINDS, type DecisionRule, type Proposal, type ProposalKindName, type ProposalPayload } from '../governance.types.js';
import {
  PROPOSAL_KIND_HANDLERS,
  type CreateProposalInput,
  type ExecutionContext,
  type AnyProposalKind,
  type ProposalDescription,
  type ProposalTarget,
} from './proposal-kind.js';
import type { KindTraits } from '../proposal-input.js';

// The kinds of proposal by name. It refuses to start unless every name of PROPOSAL_KINDS has
// exactly one handler, so a kind cannot be half added. Each call goes to the handler named by the
// payload's own kind tag: that is what makes the `as never` below sound (TypeScript cannot
// correlate the handler picked at run time with the payload's type).
@Injectable()
export class ProposalKindRegistry {
  private readonly byName = new Map<string, AnyProposalKind>();

  constructor(@Inject(PROPOSAL_KIND_HANDLERS) kinds: AnyProposalKind[]) {
    for (const k of kinds) {
      if (this.byName.has(k.name)) throw new Error(`Two handlers for the proposal kind ${k.name}`);
      if (!(PROPOSAL_KINDS as readonly string[]).includes(k.name)) throw new Error(`The proposal kind ${k.name} is not in PROPOSAL_KINDS`);
      this.byName.set(k.name, k);
    }
    const missing = PROPOSAL_KINDS.filter((n) => !this.byName.has(n));
    if (missing.length) throw new Error(`No handler for the proposal kinds ${missing.join(', ')}`);
  }

  // Every kind's traits, in the order of PROPOSAL_KINDS.
  traits(): ReadonlyMap<string, KindTraits> {
    return new Map(PROPOSAL_KINDS.map((n) => [n, { binding: this.of(n).binding, treasurerApprovals: this.of(n).treasurerApprovals }]));
  }

  of(name: ProposalKindName): AnyProposalKind {
    return this.byName.get(name)!;
  }

  parse(kind: ProposalKindName, input: CreateProposalInput, target: ProposalTarget): Promise<ProposalPayload> {
    return this.of(kind).parse(input, target);
  }

  async prepare(payload: ProposalPayload, target: ProposalTarget & { decisionRule: DecisionRule }): Promise<void> {
    await this.of(payload.kind).prepare?.(payload as never, target);
  }

  async awaitsApprovals(tx: Tx, p: Proposal): Promise<boolean> {
    return (await this.of(p.payload.kind).awaitsApprovals?.(tx, p as never)) ?? false;
  }

  gather(p: Proposal): Promise<unknown> {
    return this.of(p.payload.kind).gather?.(p as never) ?? Promise.resolve(undefined);
  }

  execute(tx: Tx, p: Proposal, ctx: ExecutionContext): Promise<Record<string, unknown>> {
    return this.of(p.payload.kind).execute(tx, p as never, ctx as never);
  }

  describe(p: Proposal): ProposalDescription {
    return this.of(p.payload.kind).describe(p.payload as never);
  }
}
