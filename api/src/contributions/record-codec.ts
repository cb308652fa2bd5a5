import * as dagCbor from '@ipld/dag-cbor';
import * as dagJose from 'dag-jose';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { publicKeyFromDidKey, signEd25519, verifyEd25519 } from '../keys/did-key.js';
import { equalBytes } from '../common/bytes.js';

// A contribution record is a Valueflows economic event, stored as a canonical dag-cbor block
// (the payload) and a DAG-JOSE envelope that signs the payload's CID. The envelope's CID is
// the record's id. Everything here is pure: the verifier needs no database and no network.

// Valueflows actions the platform records (https://www.valueflo.ws/concepts/actions/), and 'vote':
// a member's vote, a treasurer's approval or a peer's answer on a hand-recorded contribution, a
// governance act Valueflows does not cover (never paid).
export const CONTRIBUTION_ACTIONS = [
  'produce',
  'cite',
  'work',
  'deliverService',
  'accept',
  'modify',
  'transfer',
  'use',
  'consume',
  'vote',
] as const;
export type ContributionAction = (typeof CONTRIBUTION_ACTIONS)[number];

export const RECORD_TYPE = 'cosmolocal/contribution@1';
export const DAG_JOSE_CODE = 0x85;

export interface ContributionPayload {
  type: typeof RECORD_TYPE;
  action: ContributionAction;
  provider: string; // the contributing agent's DID
  receiver?: string; // DID
  subject: string; // what the record is about, e.g. urn:cosmolocal:job:<uuid>
  resourceConformsTo?: CID; // a design version
  inputOf?: string; // a job (urn:cosmolocal:job:<uuid>) the effort went into
  outputOf?: string; // a job that produced the resource
  effortQuantity?: { hasNumericalValue: string; hasUnit: 'hour' }; // a decimal string: no floats in records
  resourceQuantity?: { hasNumericalValue: string; hasUnit: string }; // e.g. money transferred: a decimal string and an ISO 4217 code
  note?: string;
  occurredAt: string; // ISO 8601, UTC, millisecond precision
  evidence: CID[];
  previous?: CID; // the previous record of the same subject
}

export interface Signer {
  did: string;
  seed: Uint8Array;
}

export interface SignedRecord {
  id: CID; // the envelope's CID
  payloadCid: CID;
  envelope: Uint8Array; // dag-jose block
  payloadBlock: Uint8Array; // dag-cbor block
}

export type VerificationFailure =
  'MALFORMED' | 'PAYLOAD_MISMATCH' | 'UNSUPPORTED_ALGORITHM' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'ID_MISMATCH';

export class RecordVerificationError extends Error {
  constructor(
    readonly reason: VerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'RecordVerificationError';
  }
}

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromB64u = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const utf8 = new TextEncoder();

// did:key's verification method id is the key itself as the fragment.
export const kidOf = (did: string) => `${did}#${did.slice('did:key:'.length)}`;

// Leaves out absent fields so one event always encodes to the same bytes.
export function canonicalPayload(p: ContributionPayload): ContributionPayload {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== null)) as unknown as ContributionPayload;
}

export async function encodePayload(p: ContributionPayload): Promise<{ cid: CID; bytes: Uint8Array }> {
  const bytes = dagCbor.encode(canonicalPayload(p));
  return { cid: CID.createV1(dagCbor.code, await sha256.digest(bytes)), bytes };
}

// Signs the payload CID once per signer (the platform's key for the agent, and the contributor's
// own key when they hold one): a general-serialisation JWS, encoded as a dag-jose block.
export async function signRecord(payload: ContributionPayload, signers: readonly Signer[]): Promise<SignedRecord> {
  if (!signers.length) throw new Error('a record needs at least one signer');
  const { cid: payloadCid, bytes: payloadBlock } = await encodePayload(payload);
  const jwsPayload = b64u(payloadCid.bytes);
  const signatures = signers.map((s) => {
    const protectedHeader = b64u(utf8.encode(JSON.stringify({ alg: 'EdDSA', kid: kidOf(s.did) })));
    const signature = signEd25519(s.seed, utf8.encode(`${protectedHeader}.${jwsPayload}`));
    return { protected: protectedHeader, signature: b64u(signature) };
  });
  const envelope = dagJose.encode({ payload: jwsPayload, signatures }) as Uint8Array;
  return { id: CID.createV1(DAG_JOSE_CODE, await sha256.digest(envelope)), payloadCid, envelope, payloadBlock };
}

// The payload CID an envelope signs (no verification: verifyRecord does that).
export function envelopePayload(envelope: Uint8Array): { payloadCid: CID } {
  const jws = dagJose.decode(envelope) as { payload: string };
  return { payloadCid: CID.decode(fromB64u(jws.payload)) };
}

export interface VerifiedRecord {
  id: CID;
  payloadCid: CID;
  payload: ContributionPayload;
  signers: string[]; // DIDs whose signatures verified
}

// Checks the envelope's bytes against its id, every signature against its did:key, and the
// payload block against the CID the signatures cover. Throws with the first reason it fails.
export async function verifyRecord(id: CID, envelope: Uint8Array, payloadBlock: Uint8Array): Promise<VerifiedRecord> {
  if (id.code !== DAG_JOSE_CODE || !equalBytes((await sha256.digest(envelope)).bytes, id.multihash.bytes)) {
    throw new RecordVerificationError('ID_MISMATCH', `the envelope's bytes do not hash to ${id}`);
  }
  let jws: { payload: string; signatures: Array<{ protected?: string; signature: string }> };
  try {
    jws = dagJose.decode(envelope) as typeof jws;
  } catch (err) {
    throw new RecordVerificationError('MALFORMED', `not a DAG-JOSE envelope: ${(err as Error).message}`);
  }
  let payloadCid: CID;
  try {
    payloadCid = CID.decode(fromB64u(jws.payload));
  } catch {
    throw new RecordVerificationError('MALFORMED', 'the JWS payload is not a CID');
  }
  const payloadHash = await sha256.digest(payloadBlock);
  if (payloadCid.code !== dagCbor.code || !equalBytes(payloadHash.bytes, payloadCid.multihash.bytes)) {
    throw new RecordVerificationError('PAYLOAD_MISMATCH', `the payload block is not ${payloadCid}`);
  }
  if (!jws.signatures.length) throw new RecordVerificationError('MALFORMED', 'the envelope has no signature');
  const signers: string[] = [];
  for (const sig of jws.signatures) {
    let header: { alg?: string; kid?: string };
    try {
      header = JSON.parse(Buffer.from(sig.protected ?? '', 'base64url').toString('utf8')) as typeof header;
    } catch {
      throw new RecordVerificationError('MALFORMED', 'a signature has no readable protected header');
    }
    if (header.alg !== 'EdDSA') throw new RecordVerificationError('UNSUPPORTED_ALGORITHM', `unsupported JWS algorithm ${header.alg}`);
    const did = (header.kid ?? '').split('#')[0]!;
    let publicKey: Uint8Array;
    try {
      publicKey = publicKeyFromDidKey(did);
    } catch (err) {
      throw new RecordVerificationError('UNKNOWN_KEY', `the signer ${header.kid} is not an Ed25519 did:key (${(err as Error).message})`);
    }
    if (!verifyEd25519(publicKey, utf8.encode(`${sig.protected}.${jws.payload}`), fromB64u(sig.signature))) {
      throw new RecordVerificationError('BAD_SIGNATURE', `the signature of ${did} does not verify`);
    }
    signers.push(did);
  }
  return { id, payloadCid, payload: dagCbor.decode(payloadBlock) as ContributionPayload, signers };
}
