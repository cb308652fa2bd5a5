import { InvalidInputError } from '../common/errors/domain-error.js';

// An organization's handle, its name on the fediverse (@handle@host): lowercase ASCII letters,
// digits and underscores, 1–30 characters, as Mastodon allows for usernames.
export const HANDLE_PATTERN = /^[a-z0-9_]{1,30}$/;
export const HANDLE_MAX = 30;

export function parseHandle(raw: string): string {
  const handle = raw.trim().replace(/^@/, '').toLowerCase();
  if (!HANDLE_PATTERN.test(handle))
    throw new InvalidInputError('handle', 'A handle is 1–30 lowercase letters, digits or underscores.', 'INVALID_HANDLE');
  return handle;
}

// A handle from a name: accents dropped, every run of other characters an underscore, at most 23
// characters so that a 7-character suffix still fits when the slug is taken ('' when nothing is left).
export function slugHandle(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 23)
    .replace(/_+$/, '');
}

// The fallback when the slug is taken or empty: the slug with a suffix from the organization's id.
export function suffixedHandle(slug: string, id: string): string {
  const suffix = id.replace(/-/g, '').slice(0, 6);
  return slug ? `${slug}_${suffix}` : `org_${suffix}`;
}
