import type { Design, DesignVersion, DesignVersionHead, ManifestSummary, RemoteOrigin } from './designs.types.js';
import { DesignModel, DesignVersionModel, OriginModel } from './models/design.models.js';

export function toOriginModel(origin: RemoteOrigin | null): OriginModel {
  return Object.assign(
    new OriginModel(),
    origin
      ? { local: false, instance: new URL(origin.actorUrl).host, actorUrl: origin.actorUrl, url: origin.url }
      : { local: true, instance: null, actorUrl: null, url: null },
  );
}

export function toDesignModel(d: Design): DesignModel {
  return Object.assign(new DesignModel(), {
    id: d.id,
    title: d.title,
    createdAt: d.createdAt,
    origin: toOriginModel(d.origin),
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
    origin: toOriginModel(v.origin),
    manifest: 'manifest' in v ? v.manifest : undefined,
    summary,
    designId: v.designId,
    publishedById: v.publishedBy,
  });
}
