import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { UnitOfWork, type Tx } from '../../database/transaction.js';
import { OutboxRepository } from '../../outbox/outbox.repository.js';
import { DistributorChain, SCAN_SPAN, type ClaimedLog } from './distributor-chain.js';
import { DistributorsRepository } from './distributors.repository.js';
import { epochAccounts } from './epoch-accounts.js';
import { EpochLeavesRepository } from './epoch-leaves.repository.js';
import { EpochsRepository } from './epochs.repository.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { RewardDistributor } from '../rewards.types.js';

// Claims made on chain come back to the ledger: the distributor's Claimed events, once they have
// ANCHOR_CONFIRMATIONS blocks on top, each move the amount from the clearing account to the
// wallet's external account, exactly once (the leaf is marked in the same transaction, and the
// ledger reference is unique). The scanned height advances with them.
@Injectable()
export class EpochClaimsService {
  private readonly logger = new Logger(EpochClaimsService.name);

  constructor(
    private readonly repo: EpochsRepository,
    private readonly leaves: EpochLeavesRepository,
    private readonly distributors: DistributorsRepository,
    private readonly chain: DistributorChain,
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async scan(d: RewardDistributor): Promise<number> {
    // The height from the database: the distributor passed in may be a copy cached since start-up.
    const scannedTo = await this.distributors.claimsScannedTo(d);
    const start = scannedTo !== null ? scannedTo + 1n : (d.deployedBlock ?? (await this.repo.firstPublishedBlock(d)));
    if (start === null) return 0; // nothing published yet: nothing to claim
    const head = await this.chain.writer.blockNumber();
    const safe = head - BigInt(this.config.anchoring.confirmations) + 1n;
    let posted = 0;
    for (let from = start; from <= safe; from += SCAN_SPAN) {
      const to = from + SCAN_SPAN - 1n < safe ? from + SCAN_SPAN - 1n : safe;
      const logs = await this.chain.claimedLogs(d.address, from, to);
      posted += await this.uow.run(async (tx) => {
        let n = 0;
        for (const log of logs) n += await this.post(tx, d, log);
        await this.distributors.setClaimsScannedTo(tx, d, to);
        return n;
      });
    }
    return posted;
  }

  private async post(tx: Tx, d: RewardDistributor, log: ClaimedLog): Promise<number> {
    const leaf = await this.leaves.leafForClaim(tx, d, log.epoch, log.account);
    if (!leaf || leaf.amountUnits !== log.amount) {
      // Only possible if this database and the chain disagree (a proof must match a published root).
      this.logger.error({
        msg: 'a claim on chain matches no leaf of this instance',
        epoch: log.epoch,
        account: log.account,
        amount: log.amount.toString(),
        txHash: log.txHash,
      });
      return 0;
    }
    if (leaf.claimTx) return 0;
    const currency = leaf.epoch.currency;
    const [clearing, wallet] = await this.ledgerRepo.ensureAccounts(tx, [
      epochAccounts.clearing(d, currency),
      epochAccounts.wallet(d.chainId, leaf.address, currency),
    ]);
    const transactionId = await this.ledger.post(tx, {
      kind: 'CLAIM',
      reference: `claim:${d.chainId}:${d.address}:${log.epoch}:${leaf.address}`,
      memo: `epoch ${log.epoch} claimed on chain by ${leaf.address} (${log.txHash})`,
      entries: [
        { accountId: clearing!.id, amountMinor: -leaf.amountMinor, currency, memo: `epoch ${log.epoch}: claimed by ${leaf.address}` },
        { accountId: wallet!.id, amountMinor: leaf.amountMinor, currency, memo: `epoch ${log.epoch}: claimed in ${log.txHash}` },
      ],
    });
    await this.leaves.markClaimed(tx, leaf, { txHash: log.txHash, blockNumber: log.blockNumber, transactionId });
    await this.outbox.append(tx, {
      type: 'rewards.claimed',
      aggregateType: 'reward-epoch',
      aggregateId: leaf.epochId,
      payload: {
        epochId: leaf.epochId,
        number: log.epoch,
        accountId: leaf.accountId,
        address: leaf.address,
        amountMinor: leaf.amountMinor.toString(),
        currency,
        txHash: log.txHash,
      },
    });
    return 1;
  }
}
