import { subjectOfDesign } from '../contributions.types.js';
import type { CaptureRule } from './capture-rule.js';

// A design version: `produce` by its publisher.
export const designPublished: CaptureRule<'design.published'> = {
  event: 'design.published',
  drafts: ({ payload: p }, { occurredAt, source }) => [
    {
      source: source(0),
      action: 'produce',
      provider: { kind: 'account', id: p.agentId },
      providerAccountId: p.agentId,
      providerOrganizationId: p.organizationId,
      subject: subjectOfDesign(p.designId),
      designId: p.designId,
      designVersionCid: p.versionCid,
      note: 'published a design version',
      occurredAt,
      evidenceCids: [],
    },
  ],
};
