import { InvalidInputError } from '../common/errors/domain-error.js';

// What may be followed: `@handle@host` (or `handle@host`, `acct:handle@host`) or an actor's URL.
const HANDLE = /^@?([A-Za-z0-9_.-]{1,64})@([A-Za-z0-9.-]+(?::\d{1,5})?)$/;

export function parseFollowTarget(raw: string, allowHttp: boolean): string {
  const target = raw.trim().replace(/^acct:/i, '');
  const handle = HANDLE.exec(target);
  if (handle) return `@${handle[1]}@${handle[2]!.toLowerCase()}`;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new InvalidInputError('target', 'Follow @handle@host or an actor’s URL.', 'INVALID_TARGET');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
    throw new InvalidInputError('target', 'An actor’s URL is https.', 'INVALID_TARGET');
  if (url.username || url.password) throw new InvalidInputError('target', 'An actor’s URL carries no credentials.', 'INVALID_TARGET');
  return url.href;
}
