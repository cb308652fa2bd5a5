import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/paths.js';
import type { ContributionRecord } from '../contributions.types.js';

// The ContributionRecord model on Ceramic: its JSON Schema lives in schemas/, and each record
// becomes one ModelInstanceDocument whose account relation is a set keyed by the record id, so
// publishing a record twice (a retry, a crash) lands in the same stream.

export const CONTRIBUTION_MODEL_SCHEMA = join(PROJECT_ROOT, 'schemas', 'contribution-record.model.json');

export function contributionModelDefinition() {
  const schema = JSON.parse(readFileSync(CONTRIBUTION_MODEL_SCHEMA, 'utf8')) as Record<string, unknown>;
  const { $id: _id, title: _title, ...jsonSchema } = schema;
  return {
    version: '2.0' as const,
    name: 'CosmolocalContributionRecord',
    description: 'A signed Cosmolocal contribution record (Valueflows economic event, DAG-JOSE).',
    interface: false,
    implements: [] as string[],
    accountRelation: { type: 'set' as const, fields: ['recordId'] },
    schema: jsonSchema,
  };
}

export interface ContributionDocument {
  recordId: string;
  payloadCid: string;
  action: string;
  provider: string;
  receiver?: string;
  subject: string;
  resourceConformsTo?: string;
  effortHours?: string;
  note?: string;
  occurredAt: string;
  evidence?: string[];
  previous?: string;
  envelope: string;
  payload: string;
}

export function toCeramicDocument(r: ContributionRecord, blocks: { envelope: Uint8Array; payload: Uint8Array }): ContributionDocument {
  const doc: ContributionDocument = {
    recordId: r.id,
    payloadCid: r.payloadCid,
    action: r.action,
    provider: r.providerDid,
    receiver: r.receiverDid ?? undefined,
    subject: r.subject,
    resourceConformsTo: r.designVersionCid ?? undefined,
    effortHours: r.effortHours ?? undefined,
    note: r.note ?? undefined,
    occurredAt: r.occurredAt.toISOString(),
    evidence: r.evidenceCids.length ? r.evidenceCids : undefined,
    previous: r.previousId ?? undefined,
    envelope: Buffer.from(blocks.envelope).toString('base64url'),
    payload: Buffer.from(blocks.payload).toString('base64url'),
  };
  // Ceramic's schema check refuses explicit undefined values.
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as unknown as ContributionDocument;
}
