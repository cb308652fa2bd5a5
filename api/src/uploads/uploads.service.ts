import { Injectable } from '@nestjs/common';
import type { Viewer } from '../common/auth/viewer.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { ContentService } from '../ipfs/content.service.js';
import { byPath } from '../ipfs/unixfs.js';
import { JobEvidenceService } from '../production/job-evidence.service.js';
import type { UploadPart } from './multipart.js';

export interface UploadResult {
  cid: string;
  files: Array<{ path: string; cid: string; size: number }>;
}

@Injectable()
export class UploadsService {
  constructor(
    private readonly content: ContentService,
    private readonly idempotency: IdempotencyService,
    private readonly evidence: JobEvidenceService,
  ) {}

  // Stores the files as one UnixFS directory; all of them or none. With an idempotency key the
  // request's fingerprint is its root CID (paths and contents): a repeat answers with the first
  // result, different files under the same key are refused before anything is stored.
  // For a job (QC evidence), the uploader must hold it, checked before anything is stored; the
  // files and their directory are then recorded as uploaded for the job, now.
  async upload(
    viewer: Viewer,
    parts: AsyncIterable<UploadPart>,
    idempotencyKey?: string | null,
    jobId?: string | null,
  ): Promise<UploadResult> {
    const key = this.idempotency.parseKey(idempotencyKey, 'Idempotency-Key');
    const uploader = jobId ? await this.evidence.uploader(viewer, jobId) : null;
    const result = await this.store(viewer, parts, key);
    if (uploader) await this.evidence.recordUpload(uploader, [result.cid, ...result.files.map((f) => f.cid)]);
    return result;
  }

  private async store(viewer: Viewer, parts: AsyncIterable<UploadPart>, key: string | null): Promise<UploadResult> {
    const paths = new Set<string>();
    async function* track() {
      for await (const part of parts) {
        paths.add(part.path);
        yield part;
      }
    }
    const resultOf = ({
      root,
      files,
    }: {
      root: { toString(): string };
      files: Array<{ path: string; cid: { toString(): string }; size: bigint | number }>;
    }): UploadResult => ({
      cid: root.toString(),
      files: files.map((f) => ({ path: f.path, cid: f.cid.toString(), size: Number(f.size) })).sort(byPath),
    });
    const idempotent = (cid: string) => ({ viewer, operation: 'upload', key, input: { cid } });
    let earlier: string | null = null;
    const imported = await this.content.importTree(track(), paths, async (r) => {
      if (!key) return true;
      earlier = await this.idempotency.replay(idempotent(r.root.toString()));
      return earlier === null;
    });
    if (earlier !== null) return JSON.parse(earlier) as UploadResult;
    const result = resultOf(imported);
    if (!key) return result;
    return this.idempotency.transaction(
      idempotent(result.cid),
      async () => ({ result, ref: JSON.stringify(result) }),
      async (ref) => JSON.parse(ref) as UploadResult,
    );
  }
}
