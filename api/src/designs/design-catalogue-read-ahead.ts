import { ACCOUNT_COLUMNS, toAccount } from '../identity/accounts.repository.js';
import { ORGANIZATION_COLUMNS, toOrganization } from '../identity/organizations.repository.js';
import type { Account, Organization } from '../identity/identity.types.js';
import { toVersionHead } from './design-rows.js';
import type { DesignVersionHead, ManifestSummary } from './designs.types.js';

// What a catalogue page reads with its designs, for the fields its nodes show: their latest version
// (the page already joins it), with the manifest summary or without, and their owners. Each is
// exactly what the request's loader would read for that field (designs.loaders.ts,
// identity.loaders.ts), so the loader is primed with it and the field resolvers, their visibility
// rules included, run as before without a statement of their own.
export type LatestWith = 'head' | 'summary';
export interface ReadAhead {
  latest?: LatestWith;
  owners?: boolean;
}
export type LatestVersionRead = { head: DesignVersionHead; summary?: ManifestSummary };
export type OwnersRead = { account: Account | null; organization: Organization | null };
// What one page read ahead, for the request's loaders.
export type PageRead = { latest: LatestVersionRead[]; owners: OwnersRead[] };

// The latest version's head under its own column names, but for its id and title.
export const LATEST_COLUMNS = [
  'v.cid',
  'v.root_cid',
  'v.title as version_title',
  'v.version_label',
  'v.licence_hardware',
  'v.licence_documentation',
  'v.licence_software',
  'v.licence_class',
  'v.published_by',
  'v.published_at',
  'v.origin_url as version_origin_url',
  'v.origin_actor_url as version_origin_actor_url',
] as const;

// The owners' columns, prefixed: oa_ for the account, oo_ for the organization.
const prefixed = <A extends string, C extends string>(alias: A, columns: readonly C[]) =>
  columns.map((c) => `${alias}.${c} as ${alias}_${c}` as const);
export const OWNER_COLUMNS = [...prefixed('oa', ACCOUNT_COLUMNS), ...prefixed('oo', ORGANIZATION_COLUMNS)];

// A page row read ahead: the columns above, read back by name.
type Row = { id: string; version_id: string } & Partial<Record<string, unknown>>;

export function latestOf(r: Row, latest: LatestWith): LatestVersionRead {
  const head = toVersionHead({
    ...(r as unknown as Parameters<typeof toVersionHead>[0]),
    id: r.version_id,
    design_id: r.id,
    title: r.version_title as string,
    origin_url: (r.version_origin_url ?? null) as string | null,
    origin_actor_url: (r.version_origin_actor_url ?? null) as string | null,
  });
  return latest === 'summary' ? { head, summary: (r.fields ?? {}) as ManifestSummary } : { head };
}

const unprefixed = (r: Row, alias: string, columns: readonly string[]) =>
  Object.fromEntries(columns.map((c) => [c, r[`${alias}_${c}`]])) as never;

export function ownersOf(r: Row): OwnersRead {
  return {
    account: r.oa_id ? toAccount(unprefixed(r, 'oa', ACCOUNT_COLUMNS)) : null,
    organization: r.oo_id ? toOrganization(unprefixed(r, 'oo', ORGANIZATION_COLUMNS)) : null,
  };
}
