import { InvalidInputError } from '../common/errors/domain-error.js';

// Trims and bounds a free-text field; control characters are refused (line breaks and
// tabs only where the text may span lines).
export function requireText(field: string, value: string, min: number, max: number, multiline = false): string {
  const text = value.normalize('NFC').trim();
  const length = [...text].length;
  if (length < min) throw new InvalidInputError(field, `${field} must not be empty.`, 'TOO_SHORT');
  if (length > max) throw new InvalidInputError(field, `${field} must be at most ${max} characters.`, 'TOO_LONG');
  // eslint-disable-next-line no-control-regex
  if ((multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/).test(text))
    throw new InvalidInputError(field, `${field} must not contain control characters.`, 'INVALID');
  return text;
}
