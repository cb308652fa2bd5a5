import type { Selectable } from 'kysely';
import { jsonObject, oneOf } from '../database/row-checks.js';
import { db, type DB } from '../database/sql.js';
import type { Design, DesignVersion, Licences, Manifest } from './designs.types.js';
import { LICENCE_CLASSES } from './licences.js';

// Designs' rows as their repositories read them, and as domain values.

export const DESIGN_COLUMNS = ['id', 'owner_account_id', 'owner_organization_id', 'title', 'created_by', 'created_at'] as const;

type DesignRow = Pick<Selectable<DB['designs']>, (typeof DESIGN_COLUMNS)[number]>;
type VersionRow = Selectable<DB['design_versions']>;

export function toDesign(r: DesignRow): Design {
  return {
    id: r.id,
    ownerAccountId: r.owner_account_id,
    ownerOrganizationId: r.owner_organization_id,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function toVersion(r: VersionRow): DesignVersion {
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
    // Stored only after publish-input.ts validated it against the manifest schema.
    manifest: jsonObject(r.manifest, 'design_versions.manifest') as unknown as Manifest,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
  };
}

// Whole design_versions rows, to be narrowed by the caller.
export const versions = () => db.selectFrom('design_versions').selectAll();
