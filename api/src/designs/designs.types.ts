import type { LicenceClass } from './licences.js';

export const TOLERANCE_CLASSES = ['f', 'm', 'c', 'v'] as const; // ISO 2768-1 fine, medium, coarse, very coarse
export type ToleranceClass = (typeof TOLERANCE_CLASSES)[number];
// Which designs a catalogue search takes: this instance's, other instances' (mirrored here), or both.
export const DESIGN_ORIGINS = ['LOCAL', 'REMOTE', 'ANY'] as const;
export type DesignOrigin = (typeof DESIGN_ORIGINS)[number];
export const LINEAGE_RELATIONS = ['DERIVATIVE_OF', 'VARIANT_OF'] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export interface FileRef {
  path: string;
  cid: string;
  size: number;
}

export interface Dimensions {
  x: number;
  y: number;
  z: number;
}

// One part and what making it takes (matching reads these).
export interface Part {
  id: string;
  name: string;
  material?: string;
  process?: string; // a code of process-taxonomy.ts
  outerDimensionsMm?: Dimensions;
  massGrams?: number;
  minBuildVolumeMm?: Dimensions;
  toleranceClass?: ToleranceClass;
}

export interface BomLine {
  id: string;
  name: string;
  quantity: number;
  unit: string;
  partId?: string;
  mpn?: string;
  source?: string;
}

export interface Licences {
  hardware: string;
  documentation?: string;
  software?: string;
}

export interface ParentShare {
  versionCid: string;
  shareBps: number;
  relation: LineageRelation;
}

// What the version's dag-cbor manifest holds (OKH-LOSH fields plus OKH v1's separate licences and lineage).
export interface Manifest {
  okhv: string;
  name: string;
  version?: string;
  function?: string;
  licensor: string;
  license: Licences;
  documentationLanguage?: string;
  technologyReadinessLevel?: string;
  documentationReadinessLevel?: string;
  root: string;
  files: FileRef[];
  parts: Part[];
  bom: BomLine[];
  derivativeOf: ParentShare[];
  publishedAt: string;
  // What an imported manifest said that could not be kept as data.
  notes?: string[];
}

export interface Design {
  id: string;
  ownerAccountId: string | null;
  ownerOrganizationId: string | null;
  title: string;
  createdBy: string | null; // null: a design of another instance
  createdAt: Date;
  origin: RemoteOrigin | null; // null: published on this instance
}

// Where a design (or version) of another instance came from: its ActivityPub object and the actor
// that published it.
export interface RemoteOrigin {
  url: string;
  actorUrl: string;
}

// A version without its manifest: what lists and loaders read, since the manifest is the one wide
// column (a JSON document with every file and part).
export interface DesignVersionHead {
  id: string;
  designId: string;
  cid: string;
  rootCid: string;
  title: string;
  versionLabel: string | null;
  licences: Licences;
  licenceClass: LicenceClass;
  publishedBy: string | null; // null: a version of another instance
  publishedAt: Date;
  origin: RemoteOrigin | null;
}

export interface DesignVersion extends DesignVersionHead {
  manifest: Manifest;
}

// Some of a manifest's fields, read without the rest of the document (null or absent when the
// stored manifest lacks one).
export type ManifestField = 'function' | 'parts' | 'bom' | 'notes' | 'files';
export type ManifestFields<K extends ManifestField> = { [F in K]?: Manifest[F] | null };

// What DesignVersion shows of its manifest but the file list: read together when any is asked for.
export const SUMMARY_FIELDS = ['function', 'parts', 'bom', 'notes'] as const satisfies readonly ManifestField[];
export type ManifestSummary = ManifestFields<(typeof SUMMARY_FIELDS)[number]>;

export interface ParentLink {
  versionId: string;
  parentId: string;
  relation: LineageRelation;
  shareBps: number;
}

export interface DesignSearch {
  text?: string;
  process?: string;
  material?: string;
  licenceClasses?: string[];
  organizationId?: string;
  origin?: Exclude<DesignOrigin, 'ANY'>;
  // Remote designs from these instances (host[:port]) are left out; when onlyHosts is not empty,
  // remote designs from other instances are.
  hiddenHosts?: readonly string[];
  onlyHosts?: readonly string[];
}
