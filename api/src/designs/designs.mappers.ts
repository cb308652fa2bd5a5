import type { Design, DesignVersion } from './designs.types.js';
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

export function toVersionModel(v: DesignVersion): DesignVersionModel {
  return Object.assign(new DesignVersionModel(), {
    id: v.id,
    cid: v.cid,
    rootCid: v.rootCid,
    title: v.title,
    description: v.manifest.function ?? null,
    version: v.versionLabel,
    license: { hardware: v.licences.hardware, documentation: v.licences.documentation ?? null, software: v.licences.software ?? null },
    licenseClass: v.licenceClass,
    files: v.manifest.files,
    parts: v.manifest.parts,
    bom: v.manifest.bom,
    publishedAt: v.publishedAt,
    notes: v.manifest.notes ?? [],
    designId: v.designId,
    publishedById: v.publishedBy,
  });
}
