import * as dagCbor from '@ipld/dag-cbor';
import * as dagJose from 'dag-jose';
import { DID } from 'dids';
import { Ed25519Provider } from 'key-did-provider-ed25519';
import { getResolver } from 'key-did-resolver';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { didKeyFromPublicKey, generateEd25519 } from '../keys/did-key.js';
import {
  DAG_JOSE_CODE,
  RECORD_TYPE,
  RecordVerificationError,
  encodePayload,
  signRecord,
  verifyRecord,
  type ContributionPayload,
} from './record-codec.js';

const agent = () => {
  const k = generateEd25519();
  return { did: didKeyFromPublicKey(k.publicKey), seed: k.seed };
};
const design = CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy');
const photo = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy');

const event = (provider: string): ContributionPayload => ({
  type: RECORD_TYPE,
  action: 'produce',
  provider,
  subject: 'urn:cosmolocal:job:6f1c2b9e-1d7a-4a53-9f0e-6f0d1c2b3a4e',
  resourceConformsTo: design,
  outputOf: 'urn:cosmolocal:job:6f1c2b9e-1d7a-4a53-9f0e-6f0d1c2b3a4e',
  effortQuantity: { hasNumericalValue: '6.5', hasUnit: 'hour' },
  occurredAt: '2026-11-21T10:00:00.000Z',
  evidence: [photo],
});

async function reencode(
  envelope: Uint8Array,
  change: (jws: { payload: string; signatures: Array<{ protected: string; signature: string }> }) => void,
) {
  const jws = dagJose.decode(envelope) as unknown as { payload: string; signatures: Array<{ protected: string; signature: string }> };
  change(jws);
  const bytes = dagJose.encode(jws) as Uint8Array;
  return { envelope: bytes, id: CID.createV1(DAG_JOSE_CODE, await sha256.digest(bytes)) };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: RecordVerificationError) => e.reason,
  );

describe('contribution record codec', () => {
  it('signs a canonical payload with every signer and verifies it from bytes alone', async () => {
    const platform = agent();
    const person = agent();
    const record = await signRecord(event(person.did), [platform, person]);
    expect(record.id.code).toBe(DAG_JOSE_CODE);
    const verified = await verifyRecord(record.id, record.envelope, record.payloadBlock);
    expect(verified.signers).toEqual([platform.did, person.did]);
    expect(verified.payload).toMatchObject({
      action: 'produce',
      provider: person.did,
      effortQuantity: { hasNumericalValue: '6.5', hasUnit: 'hour' },
    });
    expect(verified.payload.resourceConformsTo!.equals(design)).toBe(true);
  });

  it('encodes one event to one CID whatever the field order and absent fields', async () => {
    const a = agent();
    const e = event(a.did);
    const shuffled = Object.fromEntries(
      Object.entries({ ...e, note: undefined, receiver: undefined }).reverse(),
    ) as unknown as ContributionPayload;
    expect((await encodePayload(shuffled)).cid.equals((await encodePayload(e)).cid)).toBe(true);
  });

  it('interoperates with the reference DID stack (dids + key-did-provider-ed25519)', async () => {
    const seed = generateEd25519().seed;
    const did = new DID({ provider: new Ed25519Provider(seed), resolver: getResolver() });
    await did.authenticate();
    // Theirs, verified by us.
    const payload = event(did.id);
    const theirs = await did.createDagJWS(payload);
    const envelope = dagJose.encode({ payload: theirs.jws.payload, signatures: theirs.jws.signatures }) as Uint8Array;
    const id = CID.createV1(DAG_JOSE_CODE, await sha256.digest(envelope));
    expect((await verifyRecord(id, envelope, theirs.linkedBlock)).signers).toEqual([did.id]);
    expect((await encodePayload(payload)).bytes).toEqual(theirs.linkedBlock);
    // Ours, verified by them.
    const ours = await signRecord(payload, [{ did: did.id, seed }]);
    const jws = dagJose.decode(ours.envelope) as { payload: string; signatures: Array<{ protected: string; signature: string }> };
    await expect(did.verifyJWS({ payload: jws.payload, signatures: jws.signatures })).resolves.toMatchObject({
      kid: expect.stringContaining(did.id),
    });
  });

  it('names what was tampered with', async () => {
    const signer = agent();
    const record = await signRecord(event(signer.did), [signer]);
    const other = await encodePayload({ ...event(signer.did), action: 'work' });
    expect(await failure(verifyRecord(record.id, record.envelope, other.bytes))).toBe('PAYLOAD_MISMATCH');
    expect(
      await failure(
        verifyRecord(
          record.id,
          record.envelope,
          dagCbor.encode({ ...(dagCbor.decode(record.payloadBlock) as object), note: 'added later' }),
        ),
      ),
    ).toBe('PAYLOAD_MISMATCH');

    const flipped = await reencode(record.envelope, (j) => {
      const sig = Buffer.from(j.signatures[0]!.signature, 'base64url');
      sig[0] ^= 1;
      j.signatures[0]!.signature = sig.toString('base64url');
    });
    expect(await failure(verifyRecord(flipped.id, flipped.envelope, record.payloadBlock))).toBe('BAD_SIGNATURE');
    // A valid envelope under someone else's id.
    expect(await failure(verifyRecord(flipped.id, record.envelope, record.payloadBlock))).toBe('ID_MISMATCH');

    // Signed by another key while claiming to be the signer.
    const impostor = agent();
    const forged = await signRecord(event(signer.did), [impostor]);
    const claimed = await reencode(forged.envelope, (j) => {
      j.signatures[0]!.protected = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: `${signer.did}#${signer.did.slice(8)}` })).toString(
        'base64url',
      );
    });
    expect(await failure(verifyRecord(claimed.id, claimed.envelope, forged.payloadBlock))).toBe('BAD_SIGNATURE');

    const hs256 = await reencode(record.envelope, (j) => {
      j.signatures[0]!.protected = Buffer.from(JSON.stringify({ alg: 'HS256', kid: signer.did })).toString('base64url');
    });
    expect(await failure(verifyRecord(hs256.id, hs256.envelope, record.payloadBlock))).toBe('UNSUPPORTED_ALGORITHM');
    const notDidKey = await reencode(record.envelope, (j) => {
      j.signatures[0]!.protected = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'did:web:example.org#key-1' })).toString('base64url');
    });
    expect(await failure(verifyRecord(notDidKey.id, notDidKey.envelope, record.payloadBlock))).toBe('UNKNOWN_KEY');
    const garbage = new Uint8Array([1, 2, 3]);
    expect(await failure(verifyRecord(CID.createV1(DAG_JOSE_CODE, await sha256.digest(garbage)), garbage, record.payloadBlock))).toBe(
      'MALFORMED',
    );
  });
});
