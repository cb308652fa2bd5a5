import { InvalidInputError } from '../common/errors/domain-error.js';
import { parseFollowTarget } from './follow-target.js';

describe('follow targets', () => {
  it('takes handles in their usual spellings and actor URLs', () => {
    expect(parseFollowTarget('@valley_coop@Fab.Example', false)).toBe('@valley_coop@fab.example');
    expect(parseFollowTarget('valley_coop@fab.example', false)).toBe('@valley_coop@fab.example');
    expect(parseFollowTarget('acct:valley_coop@127.0.0.1:4000', true)).toBe('@valley_coop@127.0.0.1:4000');
    expect(parseFollowTarget('https://fab.example/ap/actors/1', false)).toBe('https://fab.example/ap/actors/1');
    expect(parseFollowTarget('http://127.0.0.1:4000/ap/actors/1', true)).toBe('http://127.0.0.1:4000/ap/actors/1');
  });

  it('refuses plain HTTP unless allowed, and anything that is neither', () => {
    for (const bad of ['http://fab.example/ap/actors/1', 'ftp://fab.example/x', 'valley coop', '@@x', 'https://u:p@fab.example/a'])
      expect(() => parseFollowTarget(bad, false)).toThrow(InvalidInputError);
  });
});
