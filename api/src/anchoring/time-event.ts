import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { sha256 } from 'multiformats/hashes/sha2';

// Anchor proofs in the shape Ceramic's anchor service writes: one proof block per batch
// ({ chainId, root, txHash, txType }, plus the registry's address) and one time event per
// record ({ id, prev, proof, path }), all dag-cbor.

const ETH_TX_CODEC = 0x93;
const KECCAK_256 = 0x1b;
export const TX_TYPE = 'f(bytes32,uint256)'; // AnchorRegistry.anchor(root, records)

export interface AnchorProof {
  chainId: string; // CAIP-2, e.g. eip155:100
  root: CID;
  txHash: CID; // eth-tx CID of the transaction hash
  txType: string;
  contract: string; // the AnchorRegistry's address
}

export interface TimeEvent {
  id: CID; // the first record of the subject's chain
  prev: CID; // the record this event anchors
  proof: CID;
  path: string;
}

export const caip2 = (chainId: number) => `eip155:${chainId}`;

export function chainIdOf(caip: string): number | null {
  const m = /^eip155:(\d{1,12})$/.exec(caip);
  return m ? Number(m[1]) : null;
}

export function txHashCid(hash: `0x${string}`): CID {
  return CID.createV1(ETH_TX_CODEC, Digest.create(KECCAK_256, Buffer.from(hash.slice(2), 'hex')));
}

export function txHashHex(cid: CID): `0x${string}` {
  if (cid.code !== ETH_TX_CODEC || cid.multihash.code !== KECCAK_256) throw new Error(`${cid} is not a transaction hash`);
  return `0x${Buffer.from(cid.multihash.digest).toString('hex')}`;
}

export async function encodeBlock(value: unknown): Promise<{ cid: CID; bytes: Uint8Array }> {
  const bytes = dagCbor.encode(value);
  return { cid: CID.createV1(dagCbor.code, await sha256.digest(bytes)), bytes };
}

export function decodeProof(bytes: Uint8Array): AnchorProof | null {
  const v = safeDecode(bytes) as Partial<AnchorProof> | null;
  if (
    !v ||
    typeof v.chainId !== 'string' ||
    !CID.asCID(v.root) ||
    !CID.asCID(v.txHash) ||
    typeof v.txType !== 'string' ||
    typeof v.contract !== 'string'
  )
    return null;
  return v as AnchorProof;
}

export function decodeTimeEvent(bytes: Uint8Array): TimeEvent | null {
  const v = safeDecode(bytes) as Partial<TimeEvent> | null;
  if (!v || !CID.asCID(v.id) || !CID.asCID(v.prev) || !CID.asCID(v.proof) || typeof v.path !== 'string') return null;
  return v as TimeEvent;
}

function safeDecode(bytes: Uint8Array): unknown {
  try {
    return dagCbor.decode(bytes);
  } catch {
    return null;
  }
}
