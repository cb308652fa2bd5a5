import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Viewer } from '../common/auth/viewer.js';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors/domain-error.js';
import type { DesignVersion } from '../designs/designs.types.js';
import { FacilitiesService } from '../facilities/facilities.service.js';
import { ContentService, parseCid } from '../ipfs/content.service.js';
import { JobEvidenceRepository } from './job-evidence.repository.js';
import { ProductionRequestsRepository } from './production-requests.repository.js';
import { ProductionService } from './production.service.js';
import type { ProductionJob } from './production.types.js';

const MAX_EVIDENCE = 50;
// The statuses in which a facility makes the job and so may upload its QC evidence.
const UPLOADING_STATUSES: ReadonlyArray<ProductionJob['status']> = ['CLAIMED', 'IN_PRODUCTION'];

export interface EvidenceUploader {
  jobId: string;
  organizationId: string;
  accountId: string;
}

const canonical = (cid: string) => parseCid(cid).toV1().toString();

// QC evidence is what the facility holding a job uploaded for that job since it claimed it, and
// none of the design's own files: a photo of the part, a measurement report, not the drawing it
// was made from.
@Injectable()
export class JobEvidenceService {
  constructor(
    private readonly repo: JobEvidenceRepository,
    private readonly reads: ProductionService,
    private readonly requests: ProductionRequestsRepository,
    private readonly facilities: FacilitiesService,
    private readonly content: ContentService,
    private readonly access: AccessService,
  ) {}

  // Who uploads for a job: a member of the organization of the facility holding it, while it is
  // being made. Checked before anything is stored.
  async uploader(viewer: Viewer, jobId: string): Promise<EvidenceUploader> {
    const job = await this.reads.getJob(jobId);
    const request = (await this.requests.find(job.requestId))!;
    const facility = job.facilityId ? await this.facilities.get(job.facilityId) : null;
    const relations = await this.access.jobRelations(await this.access.subject(viewer), {
      facilityOrganizationId: facility?.organizationId ?? null,
      requesterAccountId: request.requesterAccountId,
      requesterOrganizationId: request.requesterOrganizationId,
    });
    if (!facility || !relations.includes('FACILITY'))
      throw new ForbiddenError('Only members of the facility holding this job upload its QC evidence.', { reason: 'NOT_THE_HOLDER' });
    if (!UPLOADING_STATUSES.includes(job.status))
      throw new ConflictError(`QC evidence is uploaded while a job is made; this one is ${job.status}.`, {
        reason: 'JOB_NOT_IN_PRODUCTION',
      });
    return { jobId: job.id, organizationId: facility.organizationId, accountId: viewer.accountId };
  }

  async recordUpload(u: EvidenceUploader, cids: readonly string[]): Promise<void> {
    await this.repo.record(undefined, { ...u, cids: cids.map(canonical) });
  }

  // The evidence CIDs of a move, in canonical form, each checked: a CID, in the store, not a
  // file of the design version, and uploaded for this job by the holder's organization since its claim.
  async check(
    cids: readonly string[],
    required: boolean,
    job: ProductionJob,
    holderOrganizationId: string | null,
    version: DesignVersion,
  ): Promise<string[]> {
    if (required && !cids.length)
      throw new InvalidInputError(
        'evidenceCids',
        'A job is READY only with QC evidence: upload photos or reports for this job and give their CIDs.',
        'EVIDENCE_REQUIRED',
      );
    if (!cids.length) return [];
    const stored = await this.content.requireStored(cids, 'evidenceCids', MAX_EVIDENCE);
    const designFiles = new Set([version.cid, version.rootCid, ...version.manifest.files.map((f) => f.cid)].map(canonical));
    const uploaded =
      holderOrganizationId && job.claimedAt ? await this.repo.uploadedFor(job.id, holderOrganizationId, job.claimedAt, stored) : new Set();
    for (const cid of stored) {
      const field = `evidenceCids[${cids.findIndex((raw) => canonical(raw.trim()) === cid)}]`;
      if (designFiles.has(cid))
        throw new InvalidInputError(field, `${cid} is a file of the design itself, not evidence of what was made.`, 'DESIGN_FILE');
      if (!uploaded.has(cid))
        throw new InvalidInputError(
          field,
          `${cid} was not uploaded for this job since it was claimed; upload the evidence with ?jobId=${job.id}.`,
          'NOT_UPLOADED_FOR_JOB',
        );
    }
    return stored;
  }
}
