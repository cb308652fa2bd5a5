import { InvalidInputError } from '../common/errors/domain-error.js';
import { HANDLE_PATTERN, parseHandle, slugHandle, suffixedHandle } from './handle.js';

describe('organization handles', () => {
  it('accepts what Mastodon accepts as a username, lowercased, with or without a leading @', () => {
    expect(parseHandle('@Fab_Lab_Berlin')).toBe('fab_lab_berlin');
    expect(parseHandle(' coop42 ')).toBe('coop42');
  });

  it('refuses anything else with a typed error', () => {
    for (const bad of ['', 'fab-lab', 'fab.lab', 'a'.repeat(31), 'Fábrica', 'x y'])
      expect(() => parseHandle(bad)).toThrow(InvalidInputError);
  });

  it('derives a valid handle from a name, accents dropped, with room for a suffix', () => {
    expect(slugHandle('Fab Lab Barcelona')).toBe('fab_lab_barcelona');
    expect(slugHandle('Fábrica Común — Zürich')).toBe('fabrica_comun_zurich');
    expect(slugHandle('   ***   ')).toBe('');
    const long = slugHandle('The Very Long Name of a Cooperative Workshop');
    expect(long.length).toBeLessThanOrEqual(23);
    expect(long.endsWith('_')).toBe(false);
    for (const h of [long, suffixedHandle(long, '3f2a9c1e-0000-4000-8000-000000000000'), suffixedHandle('', '3f2a9c1e-0000')])
      expect(h).toMatch(HANDLE_PATTERN);
    expect(suffixedHandle('makers', '3f2a9c1e-0000-4000-8000-000000000000')).toBe('makers_3f2a9c');
  });
});
