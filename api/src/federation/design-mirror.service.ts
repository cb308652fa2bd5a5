import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { CID } from 'multiformats/cid';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RemoteDesignsService } from '../designs/remote-designs.service.js';
import { ContentService, MirrorRefusedError } from '../ipfs/content.service.js';
import { IpfsNode, type IpfsNodeInfo } from '../ipfs/ipfs-node.js';
import type { JobPayloads, QueueName } from '../jobs/queues.js';

const RAW = 'application/vnd.ipld.raw';
const MAX_BLOCKS = 1_000_000;
const NODEINFO_TTL_MS = 10 * 60_000;
const BITSWAP_TIMEOUT_MS = 60_000;

// A design version a followed organization published elsewhere, brought here: every block of its
// manifest's DAG (the manifest, its files) is fetched by bitswap from the origin instance's IPFS
// node (its peer id and addresses are in its NodeInfo), or, when either node is off or the block
// does not come, from the origin's trustless gateway (raw blocks); each is re-hashed to its CID and
// stored, then the version is recorded from its manifest.
// What the origin cannot prove (a block that does not hash, a manifest that is not one, more than
// FEDERATION_MIRROR_MAX_BYTES) is refused for good and logged; an unreachable origin is tried again.
@Injectable()
export class DesignMirrorService {
  private readonly logger = new Logger('federation');

  constructor(
    private readonly content: ContentService,
    private readonly remoteDesigns: RemoteDesignsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly node?: IpfsNode,
  ) {}

  private readonly peers = new Map<string, { info: IpfsNodeInfo | null; at: number }>();

  async mirror(
    job: Extract<JobPayloads[QueueName.FederationInbound], { kind: 'design-version' }>,
  ): Promise<{ cid: string; created: boolean; fetched: number; bytes: number; byBitswap: number }> {
    const origin = new URL(job.actorUrl).origin;
    const peer = await this.peerOf(origin);
    let byBitswap = 0;
    const fetchBlock = async (cid: CID) => {
      if (peer) {
        try {
          const bytes = await this.node!.block(cid, { signal: AbortSignal.timeout(BITSWAP_TIMEOUT_MS) });
          byBitswap++;
          return bytes;
        } catch (err) {
          if (this.node?.stopped) throw err;
          this.logger.warn({ msg: 'block not received by bitswap; asking the gateway', cid: cid.toString(), origin, err: String(err) });
        }
      }
      return this.fetchBlock(origin, cid);
    };
    try {
      const report = await this.content.mirror(CID.parse(job.cid), fetchBlock, {
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
      return { cid: job.cid, created, fetched: report.fetched, bytes: report.bytes, byBitswap };
    } catch (err) {
      if (err instanceof MirrorRefusedError || err instanceof DomainError) {
        this.logger.warn({ msg: 'remote design version refused', cid: job.cid, origin: job.versionUrl, reason: String(err) });
        throw new UnrecoverableError(String(err));
      }
      throw err;
    }
  }

  // The origin's IPFS node, connected to; null when this node or that one is off or unreachable.
  private async peerOf(origin: string): Promise<IpfsNodeInfo | null> {
    if (!this.node?.running) return null;
    const cached = this.peers.get(origin);
    let info = cached && Date.now() - cached.at < NODEINFO_TTL_MS ? cached.info : undefined;
    if (info === undefined) {
      info = await this.advertised(origin);
      this.peers.set(origin, { info, at: Date.now() });
    }
    return info && (await this.node.connect(info)) ? info : null;
  }

  // What an instance says of its IPFS node in its NodeInfo (metadata.ipfs). Read here rather than
  // with Fedify's getNodeInfo, which refuses private addresses: with FEDERATION_INSECURE_HTTP
  // (development, tests) peers are on loopback.
  private async advertised(origin: string): Promise<IpfsNodeInfo | null> {
    try {
      const index = (await (await fetch(new URL('/.well-known/nodeinfo', origin), { signal: AbortSignal.timeout(10_000) })).json()) as {
        links?: Array<{ rel?: string; href?: string }>;
      };
      const href = index.links?.find((l) => l.rel?.startsWith('http://nodeinfo.diaspora.software/ns/schema/2.'))?.href;
      if (!href || new URL(href).origin !== origin) return null;
      const nodeinfo = (await (await fetch(href, { signal: AbortSignal.timeout(10_000) })).json()) as { metadata?: { ipfs?: unknown } };
      const ipfs = nodeinfo.metadata?.ipfs as Partial<IpfsNodeInfo> | undefined;
      if (typeof ipfs?.peerId !== 'string' || !Array.isArray(ipfs.addresses)) return null;
      return { peerId: ipfs.peerId, addresses: ipfs.addresses.filter((a): a is string => typeof a === 'string').slice(0, 16) };
    } catch (err) {
      this.logger.warn({ msg: 'no IPFS node advertised', origin, err: String(err) });
      return null;
    }
  }

  private async fetchBlock(origin: string, cid: CID): Promise<Uint8Array> {
    const res = await fetch(new URL(`/ipfs/${cid}?format=raw`, origin), { headers: { accept: RAW }, signal: AbortSignal.timeout(120_000) });
    if (!res.ok) throw new Error(`${origin} answered ${res.status} for block ${cid}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}
