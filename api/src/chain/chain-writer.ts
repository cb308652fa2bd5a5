import { Inject, Injectable } from '@nestjs/common';
import type { Abi, Hex, PublicClient, TransactionReceipt } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { APP_CONFIG } from '../config/config.module.js';
import { DEV_CHAIN_ID, requireUrl, type AppConfig } from '../config/config.js';
import { loadViem, loadViemAccounts, viemIfLoaded } from './viem.js';

// secp256k1's group order: a private key is a scalar in [1, n).
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export class ChainRevertError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChainRevertError';
  }
}

export interface SignedTx {
  hash: Hex;
  raw: Hex;
  nonce: number;
}

// The instance's one signer on the chain (CHAIN_SIGNER_KEY): transactions are signed locally so
// their hash is known, and stored by the caller, before they are sent. Callers send from one queue
// pass at a time (the anchoring queue's global concurrency is 1), so nonces never collide.
// The client and the account are built on first use (viem is loaded then): tools that never touch
// the chain need no RPC_URL, and a process that never does never loads viem.
@Injectable()
export class ChainWriter {
  readonly chainId: number;
  private instance?: Promise<PublicClient>;
  private account?: Promise<PrivateKeyAccount>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.chainId = config.chain.chainId ?? DEV_CHAIN_ID;
    // A key outside the curve's range still stops the process at start-up, as building its
    // account there did, with the same message.
    const key = config.chain.signerKey ? BigInt(config.chain.signerKey) : undefined;
    if (key !== undefined && !(key > 0n && key < SECP256K1_N))
      throw new Error(`expected valid private key: 1 <= n < ${SECP256K1_N}, got ${key}`);
  }

  publicClient(): Promise<PublicClient> {
    return (this.instance ??= this.createClient());
  }

  private async createClient(): Promise<PublicClient> {
    const url = requireUrl(this.config.chain.rpcUrl, 'RPC_URL');
    const { createPublicClient, defineChain, http } = await loadViem();
    const chain = defineChain({
      id: this.chainId,
      name: `chain ${this.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [url] } },
    });
    // cacheTime 0: confirmations and reorg checks need the current head, not a cached one.
    return createPublicClient({ chain, cacheTime: 0, transport: http(url, { retryCount: 0, timeout: 15_000 }) });
  }

  get canSign(): boolean {
    return !!this.config.chain.signerKey;
  }

  async address(): Promise<`0x${string}`> {
    return (await this.signer()).address;
  }

  private async signer(): Promise<PrivateKeyAccount> {
    const key = this.config.chain.signerKey;
    if (!key) throw new Error('CHAIN_SIGNER_KEY is not set: this instance cannot send transactions');
    return (this.account ??= loadViemAccounts().then(({ privateKeyToAccount }) => privateKeyToAccount(key)));
  }

  // The hash of block 0: a chain restarted without its state (anvil, a devnet) gets a new one.
  async genesisHash(): Promise<Hex> {
    return (await (await this.publicClient()).getBlock({ blockNumber: 0n })).hash!;
  }

  async hasCode(address: `0x${string}`): Promise<boolean> {
    const code = await (await this.publicClient()).getCode({ address });
    return !!code && code !== '0x';
  }

  async read<T>(address: `0x${string}`, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return (await (await this.publicClient()).readContract({ address, abi, functionName, args })) as T;
  }

  async blockNumber(): Promise<bigint> {
    return (await this.publicClient()).getBlockNumber();
  }

  // Dry-runs a call as the signer so a revert comes back with the contract's error name.
  async simulate(address: `0x${string}`, abi: Abi, functionName: string, args: readonly unknown[]): Promise<void> {
    const client = await this.publicClient();
    const account = await this.signer();
    const { BaseError, ContractFunctionRevertedError } = await loadViem();
    try {
      await client.simulateContract({ address, abi, functionName, args, account });
    } catch (err) {
      const revert = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (revert instanceof ContractFunctionRevertedError) {
        const name = revert.data?.errorName ?? 'unknown';
        throw new ChainRevertError(
          name,
          `${functionName} reverted: ${name}${revert.data?.args ? `(${revert.data.args.map(String).join(', ')})` : ''}`,
        );
      }
      throw err;
    }
  }

  async sign(tx: { to?: `0x${string}`; data: Hex }): Promise<SignedTx> {
    const account = await this.signer();
    const client = await this.publicClient();
    const { keccak256 } = await loadViem();
    const [nonce, fees, gas] = await Promise.all([
      client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      client.estimateFeesPerGas(),
      client.estimateGas({ account, to: tx.to, data: tx.data }),
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

  // Sends, waits for the receipt and insists on success: for deployments and top-ups, which are
  // idempotent by the state they check first, not by a stored transaction.
  async sendAndWait(tx: { to?: `0x${string}`; data: Hex }, what: string): Promise<TransactionReceipt> {
    const signed = await this.sign(tx);
    const client = await this.publicClient();
    await client.sendRawTransaction({ serializedTransaction: signed.raw });
    const receipt = await client.waitForTransactionReceipt({ hash: signed.hash, timeout: 120_000 });
    if (receipt.status !== 'success') throw new Error(`${what} failed (${signed.hash})`);
    return receipt;
  }

  async deploy(
    artifact: { abi: Abi; bytecode: Hex },
    args: readonly unknown[],
    what: string,
  ): Promise<{ address: `0x${string}`; txHash: Hex; blockNumber: bigint }> {
    const { encodeDeployData } = await loadViem();
    const receipt = await this.sendAndWait(
      { data: encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args }) },
      `deploying ${what}`,
    );
    if (!receipt.contractAddress) throw new Error(`deploying ${what} created no contract (${receipt.transactionHash})`);
    return { address: receipt.contractAddress, txHash: receipt.transactionHash, blockNumber: receipt.blockNumber };
  }

  // Sends signed bytes; answers how the node took them.
  async broadcast(raw: Hex): Promise<'sent' | 'known' | 'nonce-used'> {
    const client = await this.publicClient();
    try {
      await client.sendRawTransaction({ serializedTransaction: raw });
      return 'sent';
    } catch (err) {
      const text = errorText(err);
      if (/already known|already imported|known transaction/i.test(text)) return 'known';
      if (/nonce too low|nonce has already been used|invalid nonce/i.test(text)) return 'nonce-used';
      throw err;
    }
  }

  async receipt(hash: Hex): Promise<TransactionReceipt | null> {
    const client = await this.publicClient();
    const { BaseError } = await loadViem();
    try {
      return await client.getTransactionReceipt({ hash });
    } catch (err) {
      if (err instanceof BaseError && err.name === 'TransactionReceiptNotFoundError') return null;
      throw err;
    }
  }

  async isPending(hash: Hex): Promise<boolean> {
    const client = await this.publicClient();
    const { BaseError } = await loadViem();
    try {
      await client.getTransaction({ hash });
      return true;
    } catch (err) {
      if (err instanceof BaseError && err.name === 'TransactionNotFoundError') return false;
      throw err;
    }
  }

  // Enough blocks on top of a receipt's block, and that block still canonical.
  async isConfirmed(receipt: TransactionReceipt, confirmations: number): Promise<{ confirmed: boolean; timestamp?: Date }> {
    const client = await this.publicClient();
    const head = await client.getBlockNumber();
    if (head - receipt.blockNumber + 1n < BigInt(confirmations)) return { confirmed: false };
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    if (block.hash !== receipt.blockHash) return { confirmed: false }; // reorganising right now
    return { confirmed: true, timestamp: new Date(Number(block.timestamp) * 1000) };
  }
}

export function errorText(err: unknown): string {
  const BaseError = viemIfLoaded()?.BaseError;
  if (BaseError && err instanceof BaseError) return `${err.shortMessage} ${err.details ?? ''}`.trim();
  return err instanceof Error ? err.message : String(err);
}

// Exponential backoff for a chain step that failed `attempts` times before (anchors, epochs).
export function retryDelaySeconds(policy: { retryBaseSeconds: number; retryMaxSeconds: number }, attempts: number): number {
  return Math.min(policy.retryMaxSeconds, policy.retryBaseSeconds * 2 ** Math.min(attempts, 20));
}
