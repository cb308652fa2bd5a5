import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import type { Abi, PublicClient } from 'viem';
import { loadViem } from '../chain/viem.js';
import { MerklePathError, rootDigest, verifyMerklePath } from '../contributions/merkle.js';
import { envelopePayload, RecordVerificationError, verifyRecord, type ContributionPayload } from '../contributions/record-codec.js';
import { chainIdOf, decodeProof, decodeTimeEvent, txHashHex } from './time-event.js';
import { equalBytes } from '../common/bytes.js';

// Verifies a contribution record from its blocks and a chain RPC alone: the envelope against its
// CID, every signature against its did:key, the payload against the signed CID, the Merkle path
// from the anchored root to the record, and the root against the transaction's Anchored event.
// Shared by the API and `cosmolocal verify`, which has no access to our database.

export type ProofFailure =
  | RecordVerificationError['reason']
  | MerklePathError['reason']
  | 'NOT_ANCHORED'
  | 'MALFORMED_PROOF'
  | 'WRONG_CHAIN'
  | 'WRONG_CONTRACT'
  | 'TX_NOT_FOUND'
  | 'TX_FAILED'
  | 'ROOT_NOT_ON_CHAIN'
  | 'CHAIN_UNREACHABLE';

export interface VerificationResult {
  valid: boolean;
  reason: ProofFailure | null;
  message: string;
  recordId: string;
  signers: string[];
  payload: ContributionPayload | null;
  root: string | null;
  path: string | null;
  chainId: number | null;
  contract: string | null;
  txHash: string | null;
  blockNumber: bigint | null;
  blockTimestamp: Date | null;
  confirmations: bigint | null;
}

export type BlockSource = (cid: CID) => Promise<Uint8Array | undefined>;

export const ANCHORED_EVENT_ABI = [
  {
    type: 'event',
    name: 'Anchored',
    inputs: [
      { name: 'root', type: 'bytes32', indexed: true },
      { name: 'records', type: 'uint256', indexed: false },
      { name: 'anchorer', type: 'address', indexed: true },
    ],
  },
] as const satisfies Abi;

class Failure extends Error {
  constructor(
    readonly reason: ProofFailure,
    message: string,
  ) {
    super(message);
  }
}

// Blocks from a CAR or a gateway are never trusted: the record's own blocks are checked by
// verifyRecord (ID_MISMATCH / PAYLOAD_MISMATCH), Merkle nodes by verifyMerklePath, and the time
// event and proof here.
async function hashed(blocks: BlockSource, cid: CID, what: string): Promise<Uint8Array> {
  const bytes = await blocks(cid);
  if (!bytes) throw new Failure('MISSING_BLOCK', `the ${what} ${cid} is not available`);
  if (cid.multihash.code !== sha256.code || !equalBytes((await sha256.digest(bytes)).digest, cid.multihash.digest)) {
    throw new Failure('MALFORMED_PROOF', `the ${what}'s bytes do not hash to ${cid}`);
  }
  return bytes;
}

export async function verifyContribution(input: {
  recordId: CID;
  timeEvent?: CID | null;
  blocks: BlockSource;
  chain: Pick<PublicClient, 'getChainId' | 'getTransactionReceipt' | 'getBlock' | 'getBlockNumber'>;
  registry?: `0x${string}`; // require this contract
}): Promise<VerificationResult> {
  const result: VerificationResult = {
    valid: false,
    reason: null,
    message: '',
    recordId: input.recordId.toString(),
    signers: [],
    payload: null,
    root: null,
    path: null,
    chainId: null,
    contract: null,
    txHash: null,
    blockNumber: null,
    blockTimestamp: null,
    confirmations: null,
  };
  const blocks = input.blocks;
  try {
    // 1. The record: envelope, signatures, payload.
    const envelope = await blocks(input.recordId);
    if (!envelope) throw new Failure('MISSING_BLOCK', `the record's envelope ${input.recordId} is not available`);
    let payloadCid: CID;
    try {
      payloadCid = envelopePayload(envelope).payloadCid;
    } catch {
      throw new Failure('MALFORMED', `${input.recordId} is not a DAG-JOSE envelope over a CID`);
    }
    const payloadBlock = await blocks(payloadCid);
    if (!payloadBlock) throw new Failure('MISSING_BLOCK', `the record's payload ${payloadCid} is not available`);
    const verified = await verifyRecord(input.recordId, envelope, payloadBlock);
    result.signers = verified.signers;
    result.payload = verified.payload;

    // 2. The time event and the path from the anchored root to the record.
    if (!input.timeEvent) throw new Failure('NOT_ANCHORED', 'the record is signed but not anchored yet');
    const event = decodeTimeEvent(await hashed(blocks, input.timeEvent, 'time event'));
    if (!event) throw new Failure('MALFORMED_PROOF', `${input.timeEvent} is not a time event`);
    if (!event.prev.equals(input.recordId))
      throw new Failure('LEAF_MISMATCH', `the time event anchors ${event.prev}, not ${input.recordId}`);
    const proof = decodeProof(await hashed(blocks, event.proof, 'anchor proof'));
    const chainId = proof ? chainIdOf(proof.chainId) : null;
    if (!proof || chainId === null) throw new Failure('MALFORMED_PROOF', `${event.proof} is not an anchor proof on an EVM chain`);
    result.root = proof.root.toString();
    result.path = event.path;
    result.chainId = chainId;
    result.contract = proof.contract;
    await verifyMerklePath(proof.root, event.path, input.recordId, blocks);
    let txHash: `0x${string}`;
    try {
      txHash = txHashHex(proof.txHash);
    } catch {
      throw new Failure('MALFORMED_PROOF', 'the proof names no transaction hash');
    }
    result.txHash = txHash;
    if (input.registry && input.registry.toLowerCase() !== proof.contract.toLowerCase()) {
      throw new Failure('WRONG_CONTRACT', `anchored by ${proof.contract}, not by the registry ${input.registry}`);
    }

    // 3. The chain: the transaction, its Anchored event for this root, its block.
    const onChain = await readChain(input.chain, txHash, chainId);
    if (onChain.receipt.status !== 'success') throw new Failure('TX_FAILED', `transaction ${txHash} reverted`);
    const digest = rootDigest(proof.root);
    const { parseEventLogs } = await loadViem();
    const logs = parseEventLogs({ abi: ANCHORED_EVENT_ABI, logs: onChain.receipt.logs, eventName: 'Anchored' });
    const hit = logs.find((l) => l.address.toLowerCase() === proof.contract.toLowerCase() && l.args.root.toLowerCase() === digest);
    if (!hit) throw new Failure('ROOT_NOT_ON_CHAIN', `transaction ${txHash} anchored no root ${digest} from ${proof.contract}`);
    result.blockNumber = onChain.receipt.blockNumber;
    result.blockTimestamp = new Date(Number(onChain.block.timestamp) * 1000);
    result.confirmations = onChain.head - onChain.receipt.blockNumber + 1n;
    result.valid = true;
    result.message = `signed by ${result.signers.join(', ')}; anchored in block ${result.blockNumber} of chain ${chainId} at ${result.blockTimestamp.toISOString()}`;
  } catch (err) {
    if (err instanceof Failure || err instanceof RecordVerificationError || err instanceof MerklePathError) {
      result.reason = err.reason;
      result.message = err.message;
    } else {
      throw err;
    }
  }
  return result;
}

async function readChain(
  chain: Pick<PublicClient, 'getChainId' | 'getTransactionReceipt' | 'getBlock' | 'getBlockNumber'>,
  txHash: `0x${string}`,
  chainId: number,
) {
  let actual: number;
  try {
    actual = await chain.getChainId();
  } catch (err) {
    throw new Failure('CHAIN_UNREACHABLE', `the RPC did not answer: ${(err as Error).message.split('\n')[0]}`);
  }
  if (actual !== chainId) throw new Failure('WRONG_CHAIN', `the proof is for chain ${chainId}, the RPC serves chain ${actual}`);
  let receipt;
  try {
    receipt = await chain.getTransactionReceipt({ hash: txHash });
  } catch (err) {
    if ((err as Error).name === 'TransactionReceiptNotFoundError')
      throw new Failure('TX_NOT_FOUND', `chain ${chainId} holds no transaction ${txHash}`);
    throw new Failure('CHAIN_UNREACHABLE', `the RPC did not answer: ${(err as Error).message.split('\n')[0]}`);
  }
  const [block, head] = await Promise.all([chain.getBlock({ blockNumber: receipt.blockNumber }), chain.getBlockNumber()]);
  if (block.hash !== receipt.blockHash) throw new Failure('TX_NOT_FOUND', `transaction ${txHash} is not in the canonical chain`);
  return { receipt, block, head };
}
