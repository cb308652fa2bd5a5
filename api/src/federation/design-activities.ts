import { Temporal } from '@js-temporal/polyfill';
import mime from 'mime-types';
import { CID } from 'multiformats/cid';
import type { Design, DesignVersion } from '../designs/designs.types.js';

// Design versions as ActivityPub objects. A version is a Document: its name and description for
// any fediverse reader; its manifest CID as an ipfs:// link (with the origin's gateway URL beside
// it); its files as ipfs:// links with their media types; its licences and the versions it remixes
// (with their shares) as property values. The receiving instance trusts none of these but the
// CID: it fetches the manifest block, re-hashes it and reads everything else from it.
export const DESIGN_VERSION_PATH = '/ap/design-versions/{id}';
const MANIFEST_MEDIA_TYPE = 'application/vnd.ipld.dag-cbor';

type Vocab = typeof import('@fedify/fedify/vocab');

function designUrl(origin: string, designId: string): URL {
  return new URL(`/ap/designs/${designId}`, origin);
}

function designVersionUrl(origin: string, versionId: string): URL {
  return new URL(`/ap/design-versions/${versionId}`, origin);
}

export function versionDocument(
  vocab: Vocab,
  origin: string,
  actor: URL,
  design: Pick<Design, 'id'>,
  version: Pick<DesignVersion, 'id' | 'cid' | 'title' | 'publishedAt' | 'manifest' | 'licences'>,
) {
  const { Document, Link, PropertyValue, PUBLIC_COLLECTION } = vocab;
  const m = version.manifest;
  return new Document({
    id: designVersionUrl(origin, version.id),
    attribution: actor,
    to: PUBLIC_COLLECTION,
    name: version.title,
    summary: m.function ?? null,
    // Fedify checks for an Instant at run time (the polyfill it uses itself); its types name the global one.
    published: Temporal.Instant.fromEpochMilliseconds(version.publishedAt.getTime()) as never,
    contexts: [designUrl(origin, design.id)],
    urls: [
      new Link({ href: new URL(`ipfs://${version.cid}`), mediaType: MANIFEST_MEDIA_TYPE, rel: 'canonical' }),
      new Link({ href: new URL(`/ipfs/${version.cid}`, origin), mediaType: MANIFEST_MEDIA_TYPE, rel: 'alternate' }),
    ],
    attachments: [
      ...m.files.map(
        (f) =>
          new Link({
            href: new URL(`ipfs://${f.cid}`),
            name: f.path,
            mediaType: mime.lookup(f.path) || 'application/octet-stream',
          }),
      ),
      new PropertyValue({ name: 'license', value: version.licences.hardware }),
      ...(version.licences.documentation
        ? [new PropertyValue({ name: 'license-documentation', value: version.licences.documentation })]
        : []),
      ...(version.licences.software ? [new PropertyValue({ name: 'license-software', value: version.licences.software })] : []),
      ...m.derivativeOf.map(
        (p) =>
          new PropertyValue({
            name: p.relation === 'VARIANT_OF' ? 'variant-of' : 'derivative-of',
            value: `ipfs://${p.versionCid} ${p.shareBps}`,
          }),
      ),
    ],
  });
}

// The Create of a version's Document, by the organization that published it: what followers receive
// and what its outbox lists.
export function versionCreate(
  vocab: Vocab,
  origin: string,
  actor: URL,
  design: Pick<Design, 'id'>,
  version: Pick<DesignVersion, 'id' | 'cid' | 'title' | 'publishedAt' | 'manifest' | 'licences'>,
) {
  const object = versionDocument(vocab, origin, actor, design, version);
  return new vocab.Create({
    id: new URL('#create', designVersionUrl(origin, version.id)),
    actor,
    to: vocab.PUBLIC_COLLECTION,
    object,
    published: object.published,
  });
}

// What an incoming Document names, before anything is fetched: the manifest CID from its canonical
// ipfs:// link, and the design it belongs to. Null when it is not a design version.
export function readVersionDocument(doc: {
  id: URL | null;
  contextIds: URL[];
  published: { epochMilliseconds: number } | null;
  urls: ReadonlyArray<unknown>;
}): { versionUrl: string; designUrl: string; cid: string; publishedAt: Date } | null {
  const designUrl = doc.contextIds[0];
  if (!doc.id || !designUrl) return null;
  for (const u of doc.urls) {
    const href = (u as { href?: URL | null }).href ?? (u instanceof URL ? u : null);
    if (!href || href.protocol !== 'ipfs:') continue;
    try {
      const cid = CID.parse(href.host || href.pathname.replace(/^\/+/, ''));
      return {
        versionUrl: doc.id.href,
        designUrl: designUrl.href,
        cid: cid.toString(),
        publishedAt: new Date(doc.published?.epochMilliseconds ?? Date.now()),
      };
    } catch {
      return null;
    }
  }
  return null;
}
