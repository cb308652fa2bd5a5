import { Injectable } from '@nestjs/common';
import type { Abi, Hex, PublicClient, TransactionReceipt } from 'viem';
import { ChainWriter, type SignedTx } from '../chain/chain-writer.js';
import { loadViem } from '../chain/viem.js';
import { loadAnchorRegistry } from './anchor-registry.js';

export { ChainRevertError, errorText } from '../chain/chain-writer.js';
export type SignedAnchorTx = SignedTx;

// The anchoring worker's view of the chain: the AnchorRegistry's calls and events, over the
// instance's one signer.
@Injectable()
export class AnchorChain {
  private readonly abi: Abi;
  private readonly bytecode: Hex;

  constructor(private readonly writer: ChainWriter) {
    const artifact = loadAnchorRegistry();
    this.abi = artifact.abi;
    this.bytecode = artifact.bytecode;
  }

  publicClient(): Promise<PublicClient> {
    return this.writer.publicClient();
  }

  get chainId(): number {
    return this.writer.chainId;
  }

  get canSign(): boolean {
    return this.writer.canSign;
  }

  anchorer(): Promise<`0x${string}`> {
    return this.writer.address();
  }

  hasCode(address: `0x${string}`): Promise<boolean> {
    return this.writer.hasCode(address);
  }

  genesisHash(): Promise<Hex> {
    return this.writer.genesisHash();
  }

  broadcast(raw: Hex): Promise<'sent' | 'known' | 'nonce-used'> {
    return this.writer.broadcast(raw);
  }

  receipt(hash: Hex): Promise<TransactionReceipt | null> {
    return this.writer.receipt(hash);
  }

  isPending(hash: Hex): Promise<boolean> {
    return this.writer.isPending(hash);
  }

  isConfirmed(receipt: TransactionReceipt, confirmations: number): Promise<{ confirmed: boolean; timestamp?: Date }> {
    return this.writer.isConfirmed(receipt, confirmations);
  }

  async deployRegistry(): Promise<{ address: `0x${string}`; txHash: Hex; blockNumber: bigint }> {
    return this.writer.deploy({ abi: this.abi, bytecode: this.bytecode }, [await this.anchorer()], 'the AnchorRegistry');
  }

  async anchoredAt(registry: `0x${string}`, root: Hex): Promise<bigint> {
    return this.writer.read<bigint>(registry, this.abi, 'anchoredAt', [root]);
  }

  // Dry-runs the anchor call first so a revert comes back with the contract's error name.
  async signAnchor(registry: `0x${string}`, root: Hex, records: number): Promise<SignedAnchorTx> {
    await this.writer.simulate(registry, this.abi, 'anchor', [root, BigInt(records)]);
    const { encodeFunctionData } = await loadViem();
    return this.writer.sign({
      to: registry,
      data: encodeFunctionData({ abi: this.abi, functionName: 'anchor', args: [root, BigInt(records)] }),
    });
  }

  // The Anchored event for `root` in a receipt, if the registry emitted one.
  async anchoredEvent(receipt: TransactionReceipt, registry: `0x${string}`, root: Hex): Promise<{ records: bigint } | null> {
    const { parseEventLogs } = await loadViem();
    const logs = parseEventLogs({ abi: this.abi, logs: receipt.logs, eventName: 'Anchored' }) as unknown as Array<{
      address: string;
      args: { root: Hex; records: bigint };
    }>;
    const hit = logs.find((l) => l.address.toLowerCase() === registry.toLowerCase() && l.args.root.toLowerCase() === root.toLowerCase());
    return hit ? { records: hit.args.records } : null;
  }

  // The transaction that anchored `root` at `blockNumber` (e.g. one sent before a crash).
  async findAnchorTx(registry: `0x${string}`, root: Hex, blockNumber: bigint): Promise<Hex | null> {
    const logs = await (
      await this.publicClient()
    ).getContractEvents({
      address: registry,
      abi: this.abi,
      eventName: 'Anchored',
      args: { root },
      fromBlock: blockNumber,
      toBlock: blockNumber,
    });
    return logs[0]?.transactionHash ?? null;
  }
}
