import { subjectOfDesign } from '../contributions.types.js';
import type { CaptureRule } from './capture-rule.js';

// A remix: one `cite` per parent, crediting each with its declared share.
export const designRemixed: CaptureRule<'design.remixed'> = {
  event: 'design.remixed',
  drafts: ({ payload: p }, { occurredAt, source }) =>
    p.parents.map((parent, i) => ({
      source: source(i),
      action: 'cite',
      provider: { kind: 'account', id: p.agentId },
      providerAccountId: p.agentId,
      providerOrganizationId: p.organizationId,
      subject: subjectOfDesign(p.designId),
      designId: p.designId,
      designVersionCid: parent.versionCid,
      note: `${parent.relation} in ${p.versionCid} (${(parent.shareBps / 100).toFixed(2)} % share)`,
      occurredAt,
      evidenceCids: [],
    })),
};
