import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth/access.decorator.js';
import type { GraphQLContext } from '../common/graphql/context.js';
import {
  AnchorStatusGql,
  ContributionAnchorModel,
  ContributionExportModel,
  ContributionRecordModel,
  ContributionVerificationModel,
} from '../contributions/models/contribution.models.js';
import { ProofsService } from './proofs.service.js';

@Resolver(() => ContributionRecordModel)
export class AnchoringResolver {
  constructor(private readonly proofs: ProofsService) {}

  @Public()
  @Query(() => ContributionVerificationModel, {
    description:
      'Checks the signature, payload, Merkle path and on-chain anchor of a record. For a check that trusts nothing of this instance, use cosmolocal verify with the exported CAR and any RPC.',
  })
  async verifyContribution(@Args('id') id: string): Promise<ContributionVerificationModel> {
    const r = await this.proofs.verify(id);
    return {
      valid: r.valid,
      reason: r.reason,
      message: r.message,
      signer: r.signers[0] ?? null,
      signers: r.signers,
      root: r.root,
      path: r.path,
      chainId: r.chainId,
      contract: r.contract,
      txHash: r.txHash,
      blockNumber: r.blockNumber?.toString() ?? null,
      blockTimestamp: r.blockTimestamp,
      confirmations: r.confirmations?.toString() ?? null,
    };
  }

  @Public()
  @Query(() => ContributionExportModel, { description: 'The record and its proof as a CAR (also at GET /contributions/<id>.car).' })
  async exportContribution(@Args('id') id: string): Promise<ContributionExportModel> {
    const car = await this.proofs.exportCar(id);
    return { roots: car.roots.map(String), carBase64: Buffer.from(car.bytes).toString('base64'), bytes: car.bytes.length };
  }

  @Public()
  @ResolveField(() => ContributionAnchorModel)
  async anchor(@Parent() r: ContributionRecordModel, @Context() ctx: GraphQLContext): Promise<ContributionAnchorModel> {
    const batch = r.batchId ? await ctx.loaders.anchorBatch.load(r.batchId) : null;
    const anchored = r.status === AnchorStatusGql.ANCHORED && batch;
    return {
      status: r.status,
      chainId: batch?.chainId ?? null,
      contract: batch?.contractAddress ?? null,
      txHash: anchored ? batch.txHash : null,
      blockNumber: anchored ? (batch.blockNumber?.toString() ?? null) : null,
      blockTimestamp: anchored ? batch.blockTimestamp : null,
      root: batch?.rootCid ?? null,
      path: r.merklePath,
      proofCid: r.proofCid,
      attempts: batch?.attempts ?? 0,
      lastError: batch?.lastError ?? null,
      nextAttemptAt: batch?.nextAttemptAt ?? null,
    };
  }
}
