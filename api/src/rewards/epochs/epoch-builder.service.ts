import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { formatMinor, minorDigits } from '../../common/money.js';
import { UnitOfWork } from '../../database/transaction.js';
import { OutboxRepository } from '../../outbox/outbox.repository.js';
import { DistributorChain } from './distributor-chain.js';
import { epochAccounts } from './epoch-accounts.js';
import { EpochLeavesRepository } from './epoch-leaves.repository.js';
import { EpochsRepository } from './epochs.repository.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { RewardDistributor, RewardEpoch } from '../rewards.types.js';

// Building a reward epoch: the Merkle tree of eligible balances, its leaves and proofs, and the
// ledger transaction to the distributor's clearing account, in one transaction.
@Injectable()
export class EpochBuilderService {
  private readonly logger = new Logger(EpochBuilderService.name);

  constructor(
    private readonly repo: EpochsRepository,
    private readonly leaves: EpochLeavesRepository,
    private readonly chain: DistributorChain,
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
    private readonly outbox: OutboxRepository,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Gathers every eligible balance into a new epoch: the tree, the leaves with their proofs and
  // the ledger transaction that moves the balances to the clearing account commit together.
  async build(d: RewardDistributor, now = new Date()): Promise<RewardEpoch | null> {
    const { epochCurrency: currency, epochMinMinor, epochSeconds } = this.config.rewards;
    const decimals = await this.chain.decimals(d.token);
    const digits = minorDigits(currency);
    if (decimals < digits) throw new Error(`the reward token ${d.token} has ${decimals} decimals, fewer than ${currency}'s ${digits}`);
    const scale = 10n ** BigInt(decimals - digits);
    const builtAtBlock = await this.chain.writer.blockNumber();
    // The Merkle tree library (with its own ABI coder and Keccak) is loaded by the first epoch built.
    const { StandardMerkleTree } = await import('@openzeppelin/merkle-tree');
    const epoch = await this.uow.run(async (tx) => {
      await this.repo.lockEpochs(tx, d);
      const last = await this.repo.lastEpoch(d.chainId, d.address, tx);
      if (last && now.getTime() - last.createdAt.getTime() < epochSeconds * 1000) return null;
      const balances = await this.leaves.eligibleBalances(d.chainId, currency, epochMinMinor, tx);
      if (!balances.length) return null;
      const number = (last?.number ?? 0) + 1;
      const tree = StandardMerkleTree.of(
        balances.map((b) => [b.address, (b.balanceMinor * scale).toString()]),
        ['address', 'uint256'],
      );
      const totalMinor = balances.reduce((s, b) => s + b.balanceMinor, 0n);
      const [clearing] = await this.ledgerRepo.ensureAccounts(tx, [epochAccounts.clearing(d, currency)]);
      const transactionId = await this.ledger.post(tx, {
        kind: 'EPOCH',
        reference: `epoch:${d.chainId}:${d.address}:${number}`,
        memo: `reward epoch ${number}: ${balances.length} balance(s) made claimable on chain ${d.chainId}`,
        entries: [
          ...balances.map((b) => ({
            accountId: b.ledgerAccountId,
            amountMinor: -b.balanceMinor,
            currency,
            memo: `epoch ${number}: claimable on chain by ${b.address}`,
          })),
          { accountId: clearing!.id, amountMinor: totalMinor, currency, memo: `epoch ${number}: ${balances.length} claim(s)` },
        ],
      });
      const created = await this.repo.insertEpoch(tx, {
        id: randomUUID(),
        chainId: d.chainId,
        distributor: d.address,
        number,
        token: d.token,
        tokenDecimals: decimals,
        currency,
        root: tree.root as `0x${string}`,
        leaves: balances.length,
        totalMinor,
        totalUnits: totalMinor * scale,
        ledgerTransactionId: transactionId,
        builtAtBlock,
      });
      await this.leaves.insertLeaves(
        tx,
        balances.map((b, i) => ({
          epochId: created.id,
          leaf: i,
          accountId: b.accountId,
          ledgerAccountId: b.ledgerAccountId,
          address: b.address,
          amountMinor: b.balanceMinor,
          amountUnits: b.balanceMinor * scale,
          proof: tree.getProof(i) as `0x${string}`[],
        })),
      );
      await this.outbox.append(tx, {
        type: 'rewards.epoch-built',
        aggregateType: 'reward-epoch',
        aggregateId: created.id,
        payload: {
          epochId: created.id,
          chainId: d.chainId,
          distributor: d.address,
          number,
          root: created.root,
          leaves: balances.length,
          totalMinor: totalMinor.toString(),
          currency,
        },
      });
      return created;
    });
    if (epoch)
      this.logger.log({
        msg: 'reward epoch built',
        epoch: epoch.number,
        leaves: epoch.leaves,
        total: formatMinor(epoch.totalMinor, currency),
        currency,
        distributor: d.address,
      });
    return epoch;
  }
}
