import { federatesWith } from './instance-policy.js';

const config = (blockedHosts: string[], allowedHosts: string[]) => ({ federation: { blockedHosts, allowedHosts } }) as never;

describe('federatesWith', () => {
  it('federates with everyone but the blocked hosts when there is no allowlist', () => {
    expect(federatesWith(config(['bad.example'], []), 'https://good.example/ap/actors/1')).toBe(true);
    expect(federatesWith(config(['bad.example'], []), 'https://BAD.example/ap/actors/1')).toBe(false);
    expect(federatesWith(config(['127.0.0.1:4001'], []), 'http://127.0.0.1:4001/ap/inbox')).toBe(false);
    expect(federatesWith(config(['127.0.0.1:4001'], []), 'http://127.0.0.1:4002/ap/inbox')).toBe(true);
  });

  it('federates only with the allowed hosts when there is an allowlist, and never with a blocked one', () => {
    expect(federatesWith(config([], ['good.example']), 'https://good.example/x')).toBe(true);
    expect(federatesWith(config([], ['good.example']), 'https://other.example/x')).toBe(false);
    expect(federatesWith(config(['good.example'], ['good.example']), 'https://good.example/x')).toBe(false);
  });

  it('refuses what is not a URL', () => {
    expect(federatesWith(config([], []), 'not a url')).toBe(false);
  });
});
