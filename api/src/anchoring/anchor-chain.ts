import { Inject, Injectable } from '@nestjs/common';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  defineChain,
  encodeDeployData,
  encodeFunctionData,
  http,
  keccak256,
  parseEventLogs,
  type Abi,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { APP_CONFIG } from '../config/config.module.js';
import { requireUrl, type AppConfig } from '../config/config.js';
import { loadAnchorRegistry } from './anchor-registry.js';

export class ChainRevertError extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
    this.name = 'ChainRevertError';
  }
}

export interface SignedAnchorTx {
  hash: Hex;
  raw: Hex;
  nonce: number;
}

// The anchoring worker's view of the chain: reads through a public client, and signs
// anchor transactions locally so their hash is known (and stored) before they are sent.
@Injectable()
export class AnchorChain {
  readonly client: PublicClient;
  readonly chainId: number;
  private readonly abi: Abi;
  private readonly bytecode: Hex;
  private readonly account?: PrivateKeyAccount;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const url = requireUrl(config.chain.rpcUrl, 'RPC_URL');
    this.chainId = config.chain.chainId ?? 31337;
    const chain = defineChain({ id: this.chainId, name: `chain ${this.chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [url] } } });
    // cacheTime 0: confirmations and reorg checks need the current head, not a cached one.
    this.client = createPublicClient({ chain, cacheTime: 0, transport: http(url, { retryCount: 0, timeout: 15_000 }) });
    const artifact = loadAnchorRegistry();
    this.abi = artifact.abi;
    this.bytecode = artifact.bytecode;
    this.account = config.chain.signerKey ? privateKeyToAccount(config.chain.signerKey) : undefined;
  }

  get canSign(): boolean {
    return !!this.account;
  }

  get anchorer(): `0x${string}` {
    return this.signer().address;
  }

  private signer(): PrivateKeyAccount {
    if (!this.account) throw new Error('CHAIN_SIGNER_KEY is not set: this instance cannot anchor records');
    return this.account;
  }

  async hasCode(address: `0x${string}`): Promise<boolean> {
    const code = await this.client.getCode({ address });
    return !!code && code !== '0x';
  }

  async deployRegistry(): Promise<{ address: `0x${string}`; txHash: Hex; blockNumber: bigint }> {
    const account = this.signer();
    const signed = await this.sign({ data: encodeDeployData({ abi: this.abi, bytecode: this.bytecode, args: [account.address] }) });
    await this.client.sendRawTransaction({ serializedTransaction: signed.raw });
    const receipt = await this.client.waitForTransactionReceipt({ hash: signed.hash, timeout: 120_000 });
    if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deploying the AnchorRegistry failed (${signed.hash})`);
    return { address: receipt.contractAddress, txHash: signed.hash, blockNumber: receipt.blockNumber };
  }

  async anchoredAt(registry: `0x${string}`, root: Hex): Promise<bigint> {
    return (await this.client.readContract({ address: registry, abi: this.abi, functionName: 'anchoredAt', args: [root] })) as bigint;
  }

  // Dry-runs the anchor call first so a revert comes back with the contract's error name.
  async signAnchor(registry: `0x${string}`, root: Hex, records: number): Promise<SignedAnchorTx> {
    const account = this.signer();
    try {
      await this.client.simulateContract({ address: registry, abi: this.abi, functionName: 'anchor', args: [root, BigInt(records)], account });
    } catch (err) {
      const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (revert instanceof ContractFunctionRevertedError) {
        const name = revert.data?.errorName ?? 'unknown';
        throw new ChainRevertError(name, `the registry refused the anchor: ${name}${revert.data?.args ? `(${revert.data.args.map(String).join(', ')})` : ''}`);
      }
      throw err;
    }
    return this.sign({ to: registry, data: encodeFunctionData({ abi: this.abi, functionName: 'anchor', args: [root, BigInt(records)] }) });
  }

  private async sign(tx: { to?: `0x${string}`; data: Hex }): Promise<SignedAnchorTx> {
    const account = this.signer();
    const [nonce, fees, gas] = await Promise.all([
      this.client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      this.client.estimateFeesPerGas(),
      this.client.estimateGas({ account, to: tx.to, data: tx.data }),
    ]);
    const raw = await account.signTransaction({
      type: 'eip1559',
      chainId: this.chainId,
      nonce,
      to: tx.to,
      data: tx.data,
      // Headroom so a busier block does not strand the transaction.
      gas: (gas * 12n) / 10n,
      maxFeePerGas: fees.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    return { hash: keccak256(raw), raw, nonce };
  }

  // Sends signed bytes; answers how the node took them.
  async broadcast(raw: Hex): Promise<'sent' | 'known' | 'nonce-used'> {
    try {
      await this.client.sendRawTransaction({ serializedTransaction: raw });
      return 'sent';
    } catch (err) {
      const text = errorText(err);
      if (/already known|already imported|known transaction/i.test(text)) return 'known';
      if (/nonce too low|nonce has already been used|invalid nonce/i.test(text)) return 'nonce-used';
      throw err;
    }
  }

  async receipt(hash: Hex): Promise<TransactionReceipt | null> {
    try {
      return await this.client.getTransactionReceipt({ hash });
    } catch (err) {
      if (err instanceof BaseError && err.name === 'TransactionReceiptNotFoundError') return null;
      throw err;
    }
  }

  async isPending(hash: Hex): Promise<boolean> {
    try {
      await this.client.getTransaction({ hash });
      return true;
    } catch (err) {
      if (err instanceof BaseError && err.name === 'TransactionNotFoundError') return false;
      throw err;
    }
  }

  // The Anchored event for `root` in a receipt, if the registry emitted one.
  anchoredEvent(receipt: TransactionReceipt, registry: `0x${string}`, root: Hex): { records: bigint } | null {
    const logs = parseEventLogs({ abi: this.abi, logs: receipt.logs, eventName: 'Anchored' }) as unknown as Array<{ address: string; args: { root: Hex; records: bigint } }>;
    const hit = logs.find((l) => l.address.toLowerCase() === registry.toLowerCase() && l.args.root.toLowerCase() === root.toLowerCase());
    return hit ? { records: hit.args.records } : null;
  }

  // The transaction that anchored `root` at `blockNumber` (e.g. one sent before a crash).
  async findAnchorTx(registry: `0x${string}`, root: Hex, blockNumber: bigint): Promise<Hex | null> {
    const logs = await this.client.getContractEvents({ address: registry, abi: this.abi, eventName: 'Anchored', args: { root }, fromBlock: blockNumber, toBlock: blockNumber });
    return logs[0]?.transactionHash ?? null;
  }
}

export function errorText(err: unknown): string {
  if (err instanceof BaseError) return `${err.shortMessage} ${err.details ?? ''}`.trim();
  return err instanceof Error ? err.message : String(err);
}
