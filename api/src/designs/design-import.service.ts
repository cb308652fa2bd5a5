import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { ContentService } from '../ipfs/content.service.js';
import { DesignsService } from './designs.service.js';
import type { DesignVersion } from './designs.types.js';
import { fromOshwa, type OshwaRecord } from './import/oshwa.js';
import { exportOkh } from './okh/okh-export.js';
import type { ManifestFormat } from './okh/okh-format.js';
import { importOkh } from './okh/okh-import.js';

const MAX_MANIFEST_CHARS = 1_000_000;
const FILE_OF: Record<ManifestFormat, string> = { TOML: 'okh.toml', YAML: 'okh.yml', JSON: 'okh.json' };

// Designs from other catalogues' formats, and back out. The source document itself
// becomes the version's content, so nothing of it is lost.
@Injectable()
export class DesignImportService {
  constructor(
    private readonly designs: DesignsService,
    private readonly content: ContentService,
  ) {}

  // An OKH manifest (OKH-LOSH TOML/JSON or OKH v1 YAML).
  async importOkh(
    viewer: Viewer,
    text: string,
    format: ManifestFormat,
    organizationId?: string | null,
    idempotencyKey?: string | null,
  ): Promise<DesignVersion> {
    if (text.length > MAX_MANIFEST_CHARS) {
      throw new InvalidInputError('content', `A manifest may be at most ${MAX_MANIFEST_CHARS} characters.`, 'TOO_LONG');
    }
    const imported = importOkh(text, format);
    const rootCid = await this.store(FILE_OF[format], text);
    return this.designs.publish(
      viewer,
      { ...imported.input, organizationId, rootCid, notes: imported.notes },
      { key: idempotencyKey, operation: 'importOkhManifest' },
    );
  }

  async exportOkh(versionCid: string, format: ManifestFormat): Promise<string> {
    return exportOkh(await this.designs.versionByCid(versionCid), format);
  }

  // One OSHWA certification record; `designId` makes it a new version of an earlier certification's design.
  async importOshwa(viewer: Viewer, record: OshwaRecord, organizationId?: string | null, designId?: string): Promise<DesignVersion> {
    if (!record?.oshwaUid || !record.projectName) {
      throw new InvalidInputError('record', 'An OSHWA record needs oshwaUid and projectName.', 'INVALID');
    }
    const { input } = fromOshwa(record);
    const rootCid = await this.store('oshwa.json', JSON.stringify(record, null, 1));
    return this.designs.publish(viewer, designId ? { ...input, designId, rootCid } : { ...input, organizationId, rootCid });
  }

  private async store(name: string, text: string): Promise<string> {
    const { root } = await this.content.importTree([{ path: name, content: new TextEncoder().encode(text) }]);
    return root.toString();
  }
}
