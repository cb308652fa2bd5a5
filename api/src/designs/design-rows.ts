import type { Selectable } from 'kysely';
import { jsonObject, oneOf } from '../database/row-checks.js';
import { db, type DB } from '../database/sql.js';
import type { Design, DesignVersion, DesignVersionHead, Licences, Manifest, RemoteOrigin } from './designs.types.js';
import { LICENCE_CLASSES } from './licences.js';

// Designs' rows as their repositories read them, and as domain values.

export const DESIGN_COLUMNS = [
  'id',
  'owner_account_id',
  'owner_organization_id',
  'title',
  'created_by',
  'created_at',
  'origin_url',
  'origin_actor_url',
] as const;

// Every design_versions column a version shows but its manifest (and the search vector and
// filter arrays, which only the catalogue's SQL reads).
export const VERSION_HEAD_COLUMNS = [
  'id',
  'design_id',
  'cid',
  'root_cid',
  'title',
  'version_label',
  'licence_hardware',
  'licence_documentation',
  'licence_software',
  'licence_class',
  'published_by',
  'published_at',
  'origin_url',
  'origin_actor_url',
] as const;

type DesignRow = Pick<Selectable<DB['designs']>, (typeof DESIGN_COLUMNS)[number]>;
type VersionHeadRow = Pick<Selectable<DB['design_versions']>, (typeof VERSION_HEAD_COLUMNS)[number]>;
type VersionRow = VersionHeadRow & Pick<Selectable<DB['design_versions']>, 'manifest'>;

const originOf = (r: { origin_url: string | null; origin_actor_url: string | null }): RemoteOrigin | null =>
  r.origin_url && r.origin_actor_url ? { url: r.origin_url, actorUrl: r.origin_actor_url } : null;

export function toDesign(r: DesignRow): Design {
  return {
    id: r.id,
    ownerAccountId: r.owner_account_id,
    ownerOrganizationId: r.owner_organization_id,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
    origin: originOf(r),
  };
}

export function toVersionHead(r: VersionHeadRow): DesignVersionHead {
  const licences: Licences = { hardware: r.licence_hardware };
  if (r.licence_documentation) licences.documentation = r.licence_documentation;
  if (r.licence_software) licences.software = r.licence_software;
  return {
    id: r.id,
    designId: r.design_id,
    cid: r.cid,
    rootCid: r.root_cid,
    title: r.title,
    versionLabel: r.version_label,
    licences,
    licenceClass: oneOf(LICENCE_CLASSES, r.licence_class, 'design_versions.licence_class'),
    publishedBy: r.published_by,
    publishedAt: r.published_at,
    origin: originOf(r),
  };
}

export function toVersion(r: VersionRow): DesignVersion {
  return {
    ...toVersionHead(r),
    // Stored only after publish-input.ts validated it against the manifest schema.
    manifest: jsonObject(r.manifest, 'design_versions.manifest') as unknown as Manifest,
  };
}

// design_versions rows with their manifests, to be narrowed by the caller.
export const versions = () => db.selectFrom('design_versions').select([...VERSION_HEAD_COLUMNS, 'manifest']);

// design_versions rows without their manifests.
export const versionHeads = () => db.selectFrom('design_versions').select(VERSION_HEAD_COLUMNS);
