import { hkdfSync } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CeramicClient } from '@ceramicnetwork/http-client';
import type { StreamID } from '@ceramicnetwork/streamid';
import { CID } from 'multiformats/cid';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { ContentService } from '../../ipfs/content.service.js';
import { ContributionsRepository } from '../contributions.repository.js';
import { contributionModelDefinition, toCeramicDocument } from './ceramic-document.js';

// Optional: mirrors every record to a Ceramic node (CERAMIC_URL) as a ModelInstanceDocument of
// the ContributionRecord model and keeps its StreamID. The documents are controlled by this
// instance's Ceramic DID, derived from KEY_ENCRYPTION_SECRET so it survives restarts; the model
// is created by that DID (Ceramic derives the same model id for the same definition and controller).
@Injectable()
export class CeramicPublisher {
  private readonly logger = new Logger(CeramicPublisher.name);
  private connection?: Promise<{ client: CeramicClient; controller: string; model: StreamID }>;

  constructor(
    private readonly records: ContributionsRepository,
    private readonly content: ContentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return !!this.config.contributions.ceramicUrl;
  }

  // Returns the record's StreamID (the same one however often it is called).
  async publish(recordId: string): Promise<string> {
    const record = await this.records.findById(recordId);
    if (!record) throw new Error(`no contribution record ${recordId}`);
    if (record.ceramicStreamId) return record.ceramicStreamId;
    const { client, controller, model } = await this.connect();
    const { ModelInstanceDocument } = await import('@ceramicnetwork/stream-model-instance');
    const [envelope, payload] = await Promise.all([
      this.content.block(CID.parse(record.id)),
      this.content.block(CID.parse(record.payloadCid)),
    ]);
    const doc = await ModelInstanceDocument.set(client, { controller, model }, [record.id]);
    const content = toCeramicDocument(record, { envelope, payload });
    if (JSON.stringify(doc.content) !== JSON.stringify(content)) await doc.replace(content);
    const streamId = doc.id.toString();
    await this.records.setCeramicStreamId(record.id, streamId);
    return streamId;
  }

  private connect() {
    this.connection ??= (async () => {
      // One at a time: they share dependencies, and loaded only when Ceramic is configured.
      const { CeramicClient } = await import('@ceramicnetwork/http-client');
      const { Model } = await import('@ceramicnetwork/stream-model');
      const { DID } = await import('dids');
      const { Ed25519Provider } = await import('key-did-provider-ed25519');
      const { getResolver } = await import('key-did-resolver');
      const client = new CeramicClient(this.config.contributions.ceramicUrl!);
      const seed = new Uint8Array(
        hkdfSync('sha256', this.config.auth.keyEncryptionSecret, 'cosmolocal/ceramic', 'controller did:key v1', 32),
      );
      const did = new DID({ provider: new Ed25519Provider(seed), resolver: getResolver() });
      await did.authenticate();
      client.did = did;
      const model = await Model.create(client, contributionModelDefinition() as never);
      this.logger.log({
        msg: 'publishing contribution records to Ceramic',
        url: this.config.contributions.ceramicUrl,
        controller: did.id,
        model: model.id.toString(),
      });
      return { client, controller: did.id, model: model.id };
    })().catch((err: unknown) => {
      this.connection = undefined; // try again on the next record
      throw err;
    });
    return this.connection;
  }
}
