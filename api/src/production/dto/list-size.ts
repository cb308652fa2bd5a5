import { InvalidInputError } from '../../common/errors/domain-error.js';

// How many items a production list returns: 20 unless asked, at most 100.
const MAX_LIST = 100;
export const listSize = (first: number | undefined) => {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIST)
    throw new InvalidInputError('first', `first must be between 1 and ${MAX_LIST}.`, 'OUT_OF_RANGE');
  return n;
};
