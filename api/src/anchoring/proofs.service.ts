import { Injectable } from '@nestjs/common';
import { CarWriter } from '@ipld/car';
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { NotFoundError } from '../common/errors/domain-error.js';
import { ContributionsService } from '../contributions/contributions.service.js';
import { envelopePayload } from '../contributions/record-codec.js';
import { ContentService, parseCid } from '../ipfs/content.service.js';
import { AnchorChain } from './anchor-chain.js';
import { decodeProof, decodeTimeEvent } from './time-event.js';
import { verifyContribution, type VerificationResult } from './verify.js';

// Verification and export of one record with its anchor proof, from the content store's blocks.
@Injectable()
export class ProofsService {
  constructor(
    private readonly contributions: ContributionsService,
    private readonly content: ContentService,
    private readonly chain: AnchorChain,
  ) {}

  async verify(rawId: string): Promise<VerificationResult> {
    const id = parseCid(rawId.trim(), 'id');
    const record = await this.contributions.find(id.toString());
    if (!record) throw new NotFoundError('ContributionRecord', id.toString());
    return verifyContribution({
      recordId: id,
      timeEvent: record.proofCid ? CID.parse(record.proofCid) : null,
      blocks: (cid) => this.content.block(cid).catch(() => undefined),
      chain: await this.chain.publicClient(),
    });
  }

  // A CARv1 whose roots are the record and (once anchored) its time event, holding every
  // block `cosmolocal verify --car` needs: envelope, payload, time event, proof, Merkle path.
  async exportCar(rawId: string): Promise<{ roots: CID[]; bytes: Uint8Array }> {
    const id = parseCid(rawId.trim(), 'id');
    const record = await this.contributions.find(id.toString());
    if (!record) throw new NotFoundError('ContributionRecord', id.toString());
    const blocks: Array<{ cid: CID; bytes: Uint8Array }> = [];
    const add = async (cid: CID) => {
      const bytes = await this.content.block(cid);
      blocks.push({ cid, bytes });
      return bytes;
    };
    const envelope = await add(id);
    await add(envelopePayload(envelope).payloadCid);
    const roots = [id];
    if (record.proofCid) {
      const eventCid = CID.parse(record.proofCid);
      roots.push(eventCid);
      const event = decodeTimeEvent(await add(eventCid))!;
      const proof = decodeProof(await add(event.proof))!;
      // Inner nodes from the root down to the record's parent.
      let node = proof.root;
      const steps = event.path.split('/');
      for (const [i, step] of steps.entries()) {
        const bytes = await add(node);
        if (i === steps.length - 1) break;
        node = (dagCbor.decode(bytes) as CID[])[Number(step)]!;
      }
    }
    const { writer, out } = CarWriter.create(roots);
    const chunks: Uint8Array[] = [];
    const collected = (async () => {
      for await (const chunk of out) chunks.push(chunk);
    })();
    for (const b of blocks) await writer.put(b);
    await writer.close();
    await collected;
    return { roots, bytes: Buffer.concat(chunks) };
  }
}
