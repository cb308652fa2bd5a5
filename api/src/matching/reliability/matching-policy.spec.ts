import { DEFAULT_MATCHING_POLICY, parseMatchingPolicy } from './matching-policy.js';

const reasonOf = (raw: string) => {
  try {
    parseMatchingPolicy(raw, DEFAULT_MATCHING_POLICY);
  } catch (e) {
    return (e as { details: { field: string; reason: string } }).details;
  }
  return null;
};

describe('matching policy', () => {
  it('changes only the fields a proposal names', () => {
    expect(parseMatchingPolicy('{"windowDays": 90, "onTimeTarget": 0.9, "allowOwnRequests": true}', DEFAULT_MATCHING_POLICY)).toEqual({
      ...DEFAULT_MATCHING_POLICY,
      windowDays: 90,
      onTimeTarget: 0.9,
      allowOwnRequests: true,
    });
    const current = { ...DEFAULT_MATCHING_POLICY, probationJobs: 5 };
    expect(parseMatchingPolicy('{"windowJobs": 20}', current)).toEqual({ ...current, windowJobs: 20 });
  });

  it('refuses what would let an organization define its record away, with the field named', () => {
    expect(reasonOf('{"windowDays": 7}')).toEqual({ field: 'matchingPolicy.windowDays', reason: 'OUT_OF_RANGE' });
    expect(reasonOf('{"windowJobs": 2}')).toEqual({ field: 'matchingPolicy.windowJobs', reason: 'OUT_OF_RANGE' });
    expect(reasonOf('{"onTimeTarget": 0.2}')).toEqual({ field: 'matchingPolicy.onTimeTarget', reason: 'OUT_OF_RANGE' });
    expect(reasonOf('{"probationJobs": 2.5}')).toEqual({ field: 'matchingPolicy.probationJobs', reason: 'OUT_OF_RANGE' });
    expect(reasonOf('{"probationMaxQuantity": "ten"}')).toEqual({ field: 'matchingPolicy.probationMaxQuantity', reason: 'OUT_OF_RANGE' });
    expect(reasonOf('{"allowOwnRequests": "yes"}')).toEqual({ field: 'matchingPolicy.allowOwnRequests', reason: 'INVALID' });
    expect(reasonOf('{"windowDay": 90}')).toEqual({ field: 'matchingPolicy.windowDay', reason: 'UNKNOWN_FIELD' });
    expect(reasonOf('{}')).toEqual({ field: 'matchingPolicy', reason: 'UNCHANGED' });
    expect(reasonOf('[1]')).toEqual({ field: 'matchingPolicy', reason: 'INVALID_JSON' });
    expect(reasonOf('not json')).toEqual({ field: 'matchingPolicy', reason: 'INVALID_JSON' });
  });
});
