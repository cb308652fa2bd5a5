import { InvalidInputError } from '../common/errors/domain-error.js';

const MAX_PATH = 1024;
const MAX_SEGMENT = 255;

// A relative path inside the upload: folders kept, nothing that could climb out or
// mean different things on different systems.
export function parseUploadPath(raw: string | undefined): string {
  const value = (raw ?? '').normalize('NFC');
  const fail = (why: string) => {
    throw new InvalidInputError('file', `File name "${value.slice(0, 200)}" ${why}.`, 'INVALID_PATH');
  };
  if (!value) fail('is empty');
  if (value.length > MAX_PATH) fail(`is longer than ${MAX_PATH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) fail('contains a control character or a backslash');
  if (value.startsWith('/') || /^[a-zA-Z]:/.test(value)) fail('is absolute');
  const segments = value.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') fail('has an empty, "." or ".." segment');
    if (segment.length > MAX_SEGMENT) fail(`has a segment longer than ${MAX_SEGMENT} characters`);
  }
  return segments.join('/');
}
