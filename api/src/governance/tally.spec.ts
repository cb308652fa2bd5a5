import { parseBasics } from './proposal-input.js';
import { tally } from './tally.js';

const votes = (...options: string[]) => options.map((option) => ({ option }));
const YES_NO = ['yes', 'no', 'abstain'];

describe('tallying a vote', () => {
  it('needs the quorum, counting abstentions, against the electorate fixed at the opening', () => {
    // 10 members, quorum 50 %: 5 voters are enough, 4 are not.
    expect(
      tally({
        rule: 'SIMPLE_MAJORITY',
        options: YES_NO,
        quorumBps: 5000,
        electorate: 10,
        votes: votes('yes', 'yes', 'abstain', 'abstain', 'no'),
        binding: true,
      }),
    ).toMatchObject({ quorumNeeded: 5, quorumReached: true, outcome: 'yes', passed: true });
    expect(
      tally({
        rule: 'SIMPLE_MAJORITY',
        options: YES_NO,
        quorumBps: 5000,
        electorate: 10,
        votes: votes('yes', 'yes', 'yes', 'yes'),
        binding: true,
      }),
    ).toMatchObject({ quorumReached: false, outcome: null, passed: false });
    // A quorum that is not a whole number of members rounds up: 3 of 7 at 40 % is 2.8 → 3.
    expect(
      tally({ rule: 'SIMPLE_MAJORITY', options: YES_NO, quorumBps: 4000, electorate: 7, votes: votes('yes', 'no'), binding: true })
        .quorumReached,
    ).toBe(false);
    expect(
      tally({ rule: 'SIMPLE_MAJORITY', options: YES_NO, quorumBps: 4000, electorate: 7, votes: votes('yes', 'no', 'yes'), binding: true })
        .quorumReached,
    ).toBe(true);
    // No votes pass nothing, even with no quorum asked.
    expect(
      tally({ rule: 'CONSENT', options: ['consent', 'block', 'abstain'], quorumBps: 0, electorate: 3, votes: [], binding: true }),
    ).toMatchObject({ quorumReached: false, passed: false });
  });

  it('carries nothing on a tie, and a majority only with more than half', () => {
    expect(
      tally({
        rule: 'SIMPLE_MAJORITY',
        options: YES_NO,
        quorumBps: 0,
        electorate: 4,
        votes: votes('yes', 'yes', 'no', 'no'),
        binding: true,
      }),
    ).toMatchObject({ outcome: null, passed: false });
    expect(
      tally({
        rule: 'SIMPLE_MAJORITY',
        options: YES_NO,
        quorumBps: 0,
        electorate: 5,
        votes: votes('yes', 'yes', 'no', 'no', 'abstain'),
        binding: true,
      }).passed,
    ).toBe(false);
    expect(
      tally({ rule: 'SIMPLE_MAJORITY', options: YES_NO, quorumBps: 0, electorate: 5, votes: votes('no', 'no', 'yes'), binding: true }),
    ).toMatchObject({ outcome: 'no', passed: false });
  });

  it('needs two thirds of the votes cast for TWO_THIRDS: 2 of 3 pass, 3 of 5 do not', () => {
    expect(
      tally({ rule: 'TWO_THIRDS', options: YES_NO, quorumBps: 0, electorate: 3, votes: votes('yes', 'yes', 'no'), binding: true }).passed,
    ).toBe(true);
    expect(
      tally({
        rule: 'TWO_THIRDS',
        options: YES_NO,
        quorumBps: 0,
        electorate: 5,
        votes: votes('yes', 'yes', 'yes', 'no', 'no'),
        binding: true,
      }).passed,
    ).toBe(false);
    expect(
      tally({
        rule: 'TWO_THIRDS',
        options: YES_NO,
        quorumBps: 0,
        electorate: 9,
        votes: votes('yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no', 'no'),
        binding: true,
      }).passed,
    ).toBe(true);
  });

  it('passes by consent unless one member blocks', () => {
    const options = ['consent', 'block', 'abstain'];
    expect(
      tally({ rule: 'CONSENT', options, quorumBps: 5000, electorate: 4, votes: votes('consent', 'abstain'), binding: true }),
    ).toMatchObject({ outcome: 'consent', passed: true });
    expect(
      tally({
        rule: 'CONSENT',
        options,
        quorumBps: 5000,
        electorate: 4,
        votes: votes('consent', 'consent', 'consent', 'block'),
        binding: true,
      }),
    ).toMatchObject({ outcome: 'block', passed: false });
  });

  it('lets a TEXT proposal carry one of its own options', () => {
    const options = ['tuesday', 'thursday', 'saturday', 'abstain'];
    expect(
      tally({
        rule: 'SIMPLE_MAJORITY',
        options,
        quorumBps: 0,
        electorate: 5,
        votes: votes('thursday', 'thursday', 'thursday', 'tuesday', 'saturday'),
        binding: false,
      }),
    ).toMatchObject({ outcome: 'thursday', passed: true, counts: { tuesday: 1, thursday: 3, saturday: 1, abstain: 0 } });
    // A plurality short of a majority carries nothing.
    expect(
      tally({
        rule: 'SIMPLE_MAJORITY',
        options,
        quorumBps: 0,
        electorate: 5,
        votes: votes('thursday', 'thursday', 'tuesday', 'saturday'),
        binding: false,
      }).outcome,
    ).toBeNull();
  });
});

describe('a proposal’s shared rules', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const kinds = new Map([
    ['TREASURY_SPEND', { binding: true, treasurerApprovals: true }],
    ['MEMBERSHIP', { binding: true, treasurerApprovals: false }],
    ['TEXT', { binding: false, treasurerApprovals: false }],
  ]);
  const o = { now, minVotingSeconds: 3600, defaultVotingSeconds: 7 * 86400, kinds };

  it('offers yes / no to binding kinds, consent / block under CONSENT, and the proposer’s options to TEXT', () => {
    expect(parseBasics({ kind: 'TREASURY_SPEND', title: 'Buy a laser' }, o)).toMatchObject({
      options: ['yes', 'no', 'abstain'],
      decisionRule: 'SIMPLE_MAJORITY',
      quorumBps: 5000,
      votingEndsAt: new Date('2026-12-02T12:00:00Z'),
    });
    expect(parseBasics({ kind: 'MEMBERSHIP', title: 'Admit Ana', decisionRule: 'CONSENT' }, o).options).toEqual([
      'consent',
      'block',
      'abstain',
    ]);
    expect(parseBasics({ kind: 'TEXT', title: 'Meeting day', options: ['Tuesday', 'Thursday'] }, o).options).toEqual([
      'tuesday',
      'thursday',
      'abstain',
    ]);
  });

  it('refuses what could not be voted on fairly, naming the field', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (err) {
        return (err as { details?: { field?: string; reason?: string } }).details;
      }
    };
    expect(field(() => parseBasics({ kind: 'TREASURY_SPEND', title: 'x' }, o))).toMatchObject({ field: 'title' });
    expect(field(() => parseBasics({ kind: 'MEMBERSHIP', title: 'Admit Ana', options: ['maybe', 'sure'] }, o))).toMatchObject({
      field: 'options',
      reason: 'OPTIONS_NOT_ALLOWED',
    });
    expect(field(() => parseBasics({ kind: 'TEXT', title: 'Pick one', options: ['a', 'a'] }, o))).toMatchObject({
      reason: 'DUPLICATE_OPTION',
    });
    expect(field(() => parseBasics({ kind: 'TEXT', title: 'Pick one', options: ['a', 'abstain'] }, o))).toMatchObject({
      reason: 'RESERVED_OPTION',
    });
    expect(field(() => parseBasics({ kind: 'TEXT', title: 'Quick one', votingEndsAt: new Date(now.getTime() + 60_000) }, o))).toMatchObject(
      { field: 'votingEndsAt', reason: 'WINDOW_TOO_SHORT' },
    );
    expect(
      field(() => parseBasics({ kind: 'TEXT', title: 'Back then', votingStartsAt: new Date(now.getTime() - 3600_000) }, o)),
    ).toMatchObject({ reason: 'IN_THE_PAST' });
    expect(field(() => parseBasics({ kind: 'TEXT', title: 'Quorum', quorumBps: 10001 }, o))).toMatchObject({ field: 'quorumBps' });
    expect(field(() => parseBasics({ kind: 'TEXT', title: 'No vote', decisionRule: 'APPROVALS_ONLY' }, o))).toMatchObject({
      reason: 'NOT_A_SPEND',
    });
    expect(field(() => parseBasics({ kind: 'BRIBE', title: 'Hmm' }, o))).toMatchObject({ field: 'kind' });
    expect(() => parseBasics({ kind: 'BRIBE', title: 'Hmm' }, o)).toThrow('kind is one of TREASURY_SPEND, MEMBERSHIP, TEXT.');
  });
});
