import type { Design, DesignVersion, DesignVersionHead, ManifestSummary } from './designs.types.js';
import { DesignModel, DesignVersionModel } from './models/design.models.js';

export function toDesignModel(d: Design): DesignModel {
  return Object.assign(new DesignModel(), {
    id: d.id,
    title: d.title,
    createdAt: d.createdAt,
    ownerAccountId: d.ownerAccountId,
    ownerOrganizationId: d.ownerOrganizationId,
  });
}

// A version read with its manifest (or the summary of it) keeps it, so the fields that show it
// need no other query.
export function toVersionModel(v: DesignVersionHead | DesignVersion, summary?: ManifestSummary): DesignVersionModel {
  return Object.assign(new DesignVersionModel(), {
    id: v.id,
    cid: v.cid,
    rootCid: v.rootCid,
    title: v.title,
    version: v.versionLabel,
    license: { hardware: v.licences.hardware, documentation: v.licences.documentation ?? null, software: v.licences.software ?? null },
    licenseClass: v.licenceClass,
    publishedAt: v.publishedAt,
    manifest: 'manifest' in v ? v.manifest : undefined,
    summary,
    designId: v.designId,
    publishedById: v.publishedBy,
  });
}
