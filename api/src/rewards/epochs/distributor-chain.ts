import { Injectable } from '@nestjs/common';
import type { Abi, Hex, TransactionReceipt } from 'viem';
import { loadArtifact, type ContractArtifact } from '../../anchoring/anchor-registry.js';
import { ChainWriter, type SignedTx } from '../../chain/chain-writer.js';
import { loadViem } from '../../chain/viem.js';

export interface ClaimedLog {
  epoch: number;
  account: `0x${string}`;
  amount: bigint;
  txHash: Hex;
  blockNumber: bigint;
}

// Blocks read per eth_getLogs call (public RPCs refuse wide ranges).
export const SCAN_SPAN = 5_000n;

const ERC20_ABI = [
  { type: 'function', name: 'decimals', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint8' }] },
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ type: 'address' }], outputs: [{ type: 'uint256' }] },
] as const satisfies Abi;

// The RewardDistributor's (and the dev chain's TestToken's) calls and events, over the instance's
// one signer.
@Injectable()
export class DistributorChain {
  private readonly distributor: ContractArtifact;
  private readonly testToken: ContractArtifact;

  constructor(readonly writer: ChainWriter) {
    this.distributor = loadArtifact('RewardDistributor');
    this.testToken = loadArtifact('TestToken');
  }

  deployTestToken(currency: string) {
    return this.writer.deploy(this.testToken, [`Test ${currency}`, `t${currency}`], 'the TestToken');
  }

  async deployDistributor(token: `0x${string}`) {
    return this.writer.deploy(this.distributor, [token, await this.writer.address()], 'the RewardDistributor');
  }

  tokenOf(distributor: `0x${string}`): Promise<`0x${string}`> {
    return this.writer.read(distributor, this.distributor.abi, 'token');
  }

  publisherOf(distributor: `0x${string}`): Promise<`0x${string}`> {
    return this.writer.read(distributor, this.distributor.abi, 'publisher');
  }

  rootOf(distributor: `0x${string}`, epoch: number): Promise<Hex> {
    return this.writer.read(distributor, this.distributor.abi, 'roots', [BigInt(epoch)]);
  }

  async decimals(token: `0x${string}`): Promise<number> {
    return Number(await this.writer.read<number>(token, ERC20_ABI, 'decimals'));
  }

  balanceOf(token: `0x${string}`, holder: `0x${string}`): Promise<bigint> {
    return this.writer.read(token, ERC20_ABI, 'balanceOf', [holder]);
  }

  // Only the TestToken this instance deployed can be minted (the dev chain's stand-in for a
  // co-op transferring realised income to the distributor).
  async canMint(token: `0x${string}`): Promise<boolean> {
    try {
      const minter = await this.writer.read<string>(token, this.testToken.abi, 'minter');
      return minter.toLowerCase() === (await this.writer.address()).toLowerCase();
    } catch {
      return false;
    }
  }

  async mint(token: `0x${string}`, to: `0x${string}`, units: bigint): Promise<Hex> {
    const { encodeFunctionData } = await loadViem();
    const data = encodeFunctionData({ abi: this.testToken.abi, functionName: 'mint', args: [to, units] });
    return (await this.writer.sendAndWait({ to: token, data }, 'minting test tokens')).transactionHash;
  }

  async signPublish(distributor: `0x${string}`, epoch: number, root: Hex, totalUnits: bigint): Promise<SignedTx> {
    const args = [BigInt(epoch), root, totalUnits] as const;
    await this.writer.simulate(distributor, this.distributor.abi, 'publish', args);
    const { encodeFunctionData } = await loadViem();
    return this.writer.sign({ to: distributor, data: encodeFunctionData({ abi: this.distributor.abi, functionName: 'publish', args }) });
  }

  async publishedIn(receipt: TransactionReceipt, distributor: `0x${string}`, epoch: number, root: Hex): Promise<boolean> {
    const { parseEventLogs } = await loadViem();
    const logs = parseEventLogs({ abi: this.distributor.abi, logs: receipt.logs, eventName: 'EpochPublished' }) as unknown as Array<{
      address: string;
      args: { epoch: bigint; root: Hex };
    }>;
    return logs.some(
      (l) =>
        l.address.toLowerCase() === distributor.toLowerCase() &&
        l.args.epoch === BigInt(epoch) &&
        l.args.root.toLowerCase() === root.toLowerCase(),
    );
  }

  // The transaction that published an epoch (e.g. one sent before a crash), searched from a
  // height it cannot precede, a span at a time.
  async findPublishTx(distributor: `0x${string}`, epoch: number, fromBlock: bigint): Promise<Hex | null> {
    const client = await this.writer.publicClient();
    const head = await client.getBlockNumber();
    for (let from = fromBlock; from <= head; from += SCAN_SPAN) {
      const to = from + SCAN_SPAN - 1n < head ? from + SCAN_SPAN - 1n : head;
      const logs = await client.getContractEvents({
        address: distributor,
        abi: this.distributor.abi,
        eventName: 'EpochPublished',
        args: { epoch: BigInt(epoch) },
        fromBlock: from,
        toBlock: to,
      });
      if (logs[0]) return logs[0].transactionHash;
    }
    return null;
  }

  async claimedLogs(distributor: `0x${string}`, fromBlock: bigint, toBlock: bigint): Promise<ClaimedLog[]> {
    const logs = (await (
      await this.writer.publicClient()
    ).getContractEvents({
      address: distributor,
      abi: this.distributor.abi,
      eventName: 'Claimed',
      fromBlock,
      toBlock,
    })) as unknown as Array<{
      args: { epoch: bigint; account: `0x${string}`; amount: bigint };
      transactionHash: Hex;
      blockNumber: bigint;
    }>;
    return logs.map((l) => ({
      epoch: Number(l.args.epoch),
      account: l.args.account,
      amount: l.args.amount,
      txHash: l.transactionHash,
      blockNumber: l.blockNumber,
    }));
  }
}
