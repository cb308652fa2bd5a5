import * as dagJose from 'dag-jose';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { didKeyFromPublicKey, generateEd25519 } from '../keys/did-key.js';
import { DAG_JOSE_CODE, RECORD_TYPE, RecordVerificationError, signRecord, verifyRecord, type ContributionPayload } from './record-codec.js';
import { answerMismatch, validationDraft } from './validation-record.js';

const agent = () => {
  const k = generateEd25519();
  return { did: didKeyFromPublicKey(k.publicKey), seed: k.seed };
};
const validated = 'bagcqceraxvt5izt4sz7kjfrm42dxrutp6ijywgsacllkznzekmfojypkvfea';

// The payload the record writer makes of a draft (no previous answer).
function payloadOf(d: ReturnType<typeof validationDraft>): ContributionPayload {
  return {
    type: RECORD_TYPE,
    action: d.action,
    provider: d.providerDid,
    receiver: d.receiverDid ?? undefined,
    subject: d.subject,
    note: d.note ?? undefined,
    occurredAt: d.occurredAt.toISOString(),
    evidence: [],
  };
}

async function answer(signer: { did: string; seed: Uint8Array }, o: { recordId?: string; approve?: boolean; provider?: string } = {}) {
  const draft = validationDraft({
    recordId: o.recordId ?? validated,
    validatorDid: o.provider ?? signer.did,
    validatorAccountId: '6f1c2b9e-1d7a-4a53-9f0e-6f0d1c2b3a4e',
    organizationDid: agent().did,
    approve: o.approve ?? true,
    at: new Date('2026-11-21T10:00:00Z'),
    source: 'validation:x',
  });
  const signed = await signRecord(payloadOf(draft), [signer]);
  return { signed, verify: () => verifyRecord(signed.id, signed.envelope, signed.payloadBlock) };
}

describe('signed answers on hand-recorded contributions', () => {
  it('makes an answer a vote by the validator about the validated record, saying approve or reject', () => {
    const d = validationDraft({
      recordId: validated,
      validatorDid: 'did:key:zV',
      validatorAccountId: 'acc',
      organizationDid: 'did:key:zOrg',
      approve: false,
      at: new Date(0),
      source: 's',
    });
    expect(d).toMatchObject({
      action: 'vote',
      providerDid: 'did:key:zV',
      receiverDid: 'did:key:zOrg',
      subject: `urn:cosmolocal:record:${validated}`,
      note: 'reject',
      validation: 'NOT_REQUIRED',
    });
  });

  it('accepts the validator’s own answer and names what is wrong with any other', async () => {
    const validator = agent();
    const { verify } = await answer(validator);
    const ok = await verify();
    expect(answerMismatch(ok, { validatorDid: validator.did, recordId: validated, approve: true })).toBeNull();
    expect(answerMismatch(ok, { validatorDid: agent().did, recordId: validated, approve: true })).toMatch(
      /^signed by did:key:.*, not by did:key:/,
    );
    expect(answerMismatch(ok, { validatorDid: validator.did, recordId: 'bafyother', approve: true })).toMatch(
      /^about urn:cosmolocal:record:/,
    );
    expect(answerMismatch(ok, { validatorDid: validator.did, recordId: validated, approve: false })).toMatch(/not reject$/);
    // Someone else's key signing a payload that names the validator as provider.
    const impostor = await (await answer(agent(), { provider: validator.did })).verify();
    expect(answerMismatch(impostor, { validatorDid: validator.did, recordId: validated, approve: true })).toMatch(/^signed by/);
  });

  it('does not verify a forged signature on an answer', async () => {
    const { signed } = await answer(agent());
    const jws = dagJose.decode(signed.envelope) as unknown as {
      payload: string;
      signatures: Array<{ protected: string; signature: string }>;
    };
    const sig = Buffer.from(jws.signatures[0]!.signature, 'base64url');
    sig[3] ^= 0x40;
    jws.signatures[0]!.signature = sig.toString('base64url');
    const forged = dagJose.encode(jws) as Uint8Array;
    const id = CID.createV1(DAG_JOSE_CODE, await sha256.digest(forged));
    await expect(verifyRecord(id, forged, signed.payloadBlock)).rejects.toMatchObject({
      reason: 'BAD_SIGNATURE',
    } satisfies Partial<RecordVerificationError>);
  });
});
