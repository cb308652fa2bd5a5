import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { ContentService } from '../ipfs/content.service.js';
import { byPath } from '../ipfs/unixfs.js';
import type { UploadPart } from './multipart.js';

export interface UploadResult {
  cid: string;
  files: Array<{ path: string; cid: string; size: number }>;
}

@Injectable()
export class UploadsService {
  constructor(private readonly content: ContentService) {}

  // Stores the files as one UnixFS directory; all of them or none.
  async upload(_viewer: Viewer, parts: AsyncIterable<UploadPart>): Promise<UploadResult> {
    const paths = new Set<string>();
    async function* track() {
      for await (const part of parts) {
        paths.add(part.path);
        yield part;
      }
    }
    const { root, files } = await this.content.importTree(track(), paths);
    return {
      cid: root.toString(),
      files: files
        .map((f) => ({ path: f.path, cid: f.cid.toString(), size: Number(f.size) }))
        .sort(byPath),
    };
  }
}
