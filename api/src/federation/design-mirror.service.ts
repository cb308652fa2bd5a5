import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { CID } from 'multiformats/cid';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RemoteDesignsService } from '../designs/remote-designs.service.js';
import { ContentService, MirrorRefusedError } from '../ipfs/content.service.js';
import type { JobPayloads, QueueName } from '../jobs/queues.js';

const RAW = 'application/vnd.ipld.raw';
const MAX_BLOCKS = 1_000_000;

// A design version a followed organization published elsewhere, brought here: every block of its
// manifest's DAG (the manifest, its files) is fetched from the origin instance's trustless gateway
// (raw blocks), re-hashed to its CID and stored, then the version is recorded from its manifest.
// What the origin cannot prove (a block that does not hash, a manifest that is not one, more than
// FEDERATION_MIRROR_MAX_BYTES) is refused for good and logged; an unreachable origin is tried again.
@Injectable()
export class DesignMirrorService {
  private readonly logger = new Logger('federation');

  constructor(
    private readonly content: ContentService,
    private readonly remoteDesigns: RemoteDesignsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mirror(job: JobPayloads[QueueName.FederationInbound]): Promise<{ cid: string; created: boolean; fetched: number; bytes: number }> {
    const origin = new URL(job.actorUrl).origin;
    try {
      const report = await this.content.mirror(CID.parse(job.cid), (cid) => this.fetchBlock(origin, cid), {
        maxBytes: this.config.federation.mirrorMaxBytes,
        maxBlocks: MAX_BLOCKS,
      });
      const { created } = await this.remoteDesigns.record({
        designUrl: job.designUrl,
        versionUrl: job.versionUrl,
        actorUrl: job.actorUrl,
        cid: job.cid,
        publishedAt: new Date(job.publishedAt),
      });
      return { cid: job.cid, created, fetched: report.fetched, bytes: report.bytes };
    } catch (err) {
      if (err instanceof MirrorRefusedError || err instanceof DomainError) {
        this.logger.warn({ msg: 'remote design version refused', cid: job.cid, origin: job.versionUrl, reason: String(err) });
        throw new UnrecoverableError(String(err));
      }
      throw err;
    }
  }

  private async fetchBlock(origin: string, cid: CID): Promise<Uint8Array> {
    const res = await fetch(new URL(`/ipfs/${cid}?format=raw`, origin), { headers: { accept: RAW }, signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new Error(`${origin} answered ${res.status} for block ${cid}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}
