import { InvalidInputError, NotFoundError } from '../common/errors/domain-error.js';
import { decodeCursor } from '../common/graphql/connection.js';
import { isUuid } from '../common/uuid.js';
import { requireText } from '../identity/text.js';
import type { DesignSearch } from './designs.types.js';
import { LICENCE_CLASSES } from './licences.js';
import { normalizeProcess } from './process-taxonomy.js';

export interface DesignSearchFilter {
  text?: string | null;
  process?: string | null;
  material?: string | null;
  licenseClasses?: string[] | null;
  organizationId?: string | null;
}

// The catalogue's filters, checked: typed errors name the field.
export function parseDesignSearch(filter: DesignSearchFilter): DesignSearch {
  const search: DesignSearch = {};
  const text = filter.text?.trim();
  if (text) search.text = requireText('filter.text', text, 1, 200);
  if (filter.process) {
    const process = normalizeProcess(filter.process);
    if (!process)
      throw new InvalidInputError('filter.process', `"${filter.process}" is not a known manufacturing process.`, 'UNKNOWN_PROCESS');
    search.process = process.code;
  }
  if (filter.material?.trim()) search.material = filter.material.trim();
  if (filter.licenseClasses?.length) {
    const unknown = filter.licenseClasses.find((c) => !(LICENCE_CLASSES as readonly string[]).includes(c));
    if (unknown) throw new InvalidInputError('filter.licenseClasses', `"${unknown}" is not a licence class.`, 'INVALID');
    search.licenceClasses = filter.licenseClasses;
  }
  if (filter.organizationId) {
    if (!isUuid(filter.organizationId)) throw new NotFoundError('Organization', filter.organizationId);
    search.organizationId = filter.organizationId;
  }
  return search;
}

// A page cursor is (rank or publication time, id), as the search it came from sorts.
export function parseSearchCursor(raw: string | null | undefined, search: DesignSearch): string[] | undefined {
  if (!raw) return undefined;
  const after = decodeCursor(raw).split('|');
  const [first, id] = after;
  const firstOk = search.text ? Number.isFinite(Number(first)) : !Number.isNaN(Date.parse(first ?? ''));
  if (after.length !== 2 || !firstOk || !isUuid(id ?? ''))
    throw new InvalidInputError('after', 'The cursor is not valid.', 'INVALID_CURSOR');
  return after;
}
