import { JOB_STATUSES } from './production.types.js';
import { nextActions, nextStatuses, transitionRule } from './job-lifecycle.js';

describe('nextActions', () => {
  it('offers each party exactly the moves the lifecycle table allows them, evidence where it is required', () => {
    for (const from of JOB_STATUSES) {
      for (const parties of [[], ['FACILITY'], ['REQUESTER'], ['FACILITY', 'REQUESTER']] as const) {
        const actions = nextActions(from, parties);
        const allowed = JOB_STATUSES.filter((to) => parties.some((by) => transitionRule(from, to, by)));
        expect(actions.map((a) => a.to).sort()).toEqual([...allowed].sort());
        for (const a of actions) expect(a.evidenceRequired).toBe(parties.some((by) => !!transitionRule(from, a.to, by)?.evidence));
      }
    }
  });

  it('never offers the platform’s own moves to people', () => {
    expect(nextStatuses('ACCEPTED', 'SYSTEM')).toEqual(['SETTLED']);
    expect(nextActions('ACCEPTED', ['FACILITY', 'REQUESTER'])).toEqual([]);
    expect(nextActions('IN_PRODUCTION', ['FACILITY'])).toEqual([{ to: 'READY', evidenceRequired: true }]);
  });
});
