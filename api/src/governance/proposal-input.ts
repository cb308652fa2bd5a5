import { InvalidInputError } from '../common/errors/domain-error.js';
import { requireText } from '../identity/text.js';
import { ABSTAIN, BLOCK, CONSENT, DECISION_RULES, NO, YES, type DecisionRule, type ProposalKindName } from './governance.types.js';

// What the shared rules need to know of a kind (its handler in kinds/ says).
export interface KindTraits {
  binding: boolean;
  treasurerApprovals: boolean;
}

export interface ProposalBasics {
  kind: ProposalKindName;
  title: string;
  body: string;
  decisionRule: DecisionRule;
  options: string[];
  quorumBps: number;
  votingStartsAt: Date;
  votingEndsAt: Date;
}

const MAX_WINDOW_MS = 90 * 24 * 3600 * 1000;

// The parts of a proposal every kind shares, as a proposer sends them.
export interface ProposalBasicsInput {
  kind: string;
  title: string;
  body?: string | null;
  decisionRule?: string | null;
  options?: string[] | null;
  quorumBps?: number | null;
  votingStartsAt?: Date | null;
  votingEndsAt?: Date | null;
}

// The parts of a proposal every kind shares, checked: binding kinds vote yes / no (or consent /
// block), a non-binding (TEXT) proposal may offer its own options; abstention is always possible
// and counts towards quorum only.
export function parseBasics(
  raw: ProposalBasicsInput,
  o: { now: Date; minVotingSeconds: number; defaultVotingSeconds: number; kinds: ReadonlyMap<string, KindTraits> },
): ProposalBasics {
  const traits = o.kinds.get(raw.kind);
  if (!traits) throw new InvalidInputError('kind', `kind is one of ${[...o.kinds.keys()].join(', ')}.`);
  const kind = raw.kind as ProposalKindName;
  const title = requireText('title', raw.title ?? '', 3, 200);
  const body = requireText('body', raw.body ?? '', 0, 20_000, true);
  const rule = (raw.decisionRule ?? 'SIMPLE_MAJORITY') as DecisionRule;
  if (!(DECISION_RULES as readonly string[]).includes(rule))
    throw new InvalidInputError('decisionRule', `decisionRule is one of ${DECISION_RULES.join(', ')}.`);
  if (rule === 'APPROVALS_ONLY' && !traits.treasurerApprovals)
    throw new InvalidInputError('decisionRule', 'Only a treasury spend can be decided by treasurers’ approvals alone.', 'NOT_A_SPEND');

  let options: string[];
  if (rule === 'APPROVALS_ONLY') options = [];
  else if (rule === 'CONSENT') options = [CONSENT, BLOCK, ABSTAIN];
  else if (raw.options?.length) {
    if (traits.binding)
      throw new InvalidInputError(
        'options',
        'A binding proposal is voted yes or no; only a TEXT proposal offers its own options.',
        'OPTIONS_NOT_ALLOWED',
      );
    options = raw.options.map((opt, i) => requireText(`options[${i}]`, opt, 1, 100).toLowerCase());
    if (options.includes(ABSTAIN)) throw new InvalidInputError('options', `"${ABSTAIN}" is always offered.`, 'RESERVED_OPTION');
    if (new Set(options).size !== options.length) throw new InvalidInputError('options', 'Options must differ.', 'DUPLICATE_OPTION');
    if (options.length < 2 || options.length > 10) throw new InvalidInputError('options', 'Offer 2 to 10 options.', 'OPTION_COUNT');
    options = [...options, ABSTAIN];
  } else options = [YES, NO, ABSTAIN];

  const quorumBps = raw.quorumBps ?? 5000;
  if (!Number.isInteger(quorumBps) || quorumBps < 0 || quorumBps > 10_000)
    throw new InvalidInputError('quorumBps', 'quorumBps is the share of members who must vote, 0 to 10000 basis points.');
  const votingStartsAt = raw.votingStartsAt ?? o.now;
  if (votingStartsAt.getTime() < o.now.getTime() - 60_000)
    throw new InvalidInputError('votingStartsAt', 'Voting cannot start in the past.', 'IN_THE_PAST');
  if (votingStartsAt.getTime() > o.now.getTime() + MAX_WINDOW_MS)
    throw new InvalidInputError('votingStartsAt', 'Voting starts within 90 days.', 'TOO_LATE');
  const votingEndsAt = raw.votingEndsAt ?? new Date(votingStartsAt.getTime() + o.defaultVotingSeconds * 1000);
  const window = votingEndsAt.getTime() - votingStartsAt.getTime();
  if (rule !== 'APPROVALS_ONLY' && window < o.minVotingSeconds * 1000)
    throw new InvalidInputError('votingEndsAt', `Members get at least ${o.minVotingSeconds} seconds to vote.`, 'WINDOW_TOO_SHORT');
  if (window > MAX_WINDOW_MS) throw new InvalidInputError('votingEndsAt', 'A vote lasts at most 90 days.', 'WINDOW_TOO_LONG');
  return { kind, title, body, decisionRule: rule, options, quorumBps, votingStartsAt, votingEndsAt };
}
