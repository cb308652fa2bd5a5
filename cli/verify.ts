import { readFileSync } from 'node:fs';
import { CarReader } from '@ipld/car';
import { CID } from 'multiformats/cid';
import { createPublicClient, http } from 'viem';
import { verifyContribution, type BlockSource } from '../api/src/anchoring/verify.js';

// `cosmolocal verify`: checks a contribution record with nothing of ours — no API, no database,
// no configuration. Blocks come from a CAR file or any trustless IPFS gateway (every block is
// re-hashed), the anchor from any RPC endpoint of the chain named in the proof.
export async function verifyCommand(
  rawId: string,
  options: { car?: string; rpc?: string; gateway?: string; proof?: string; registry?: string; json?: boolean },
): Promise<number> {
  if (!options.rpc) {
    process.stderr.write('--rpc <url> is required: an RPC endpoint of the chain the record is anchored on\n');
    return 64;
  }
  let recordId: CID;
  try {
    recordId = CID.parse(rawId.trim());
  } catch {
    process.stderr.write(`"${rawId}" is not a CID\n`);
    return 64;
  }
  if (options.registry && !/^0x[0-9a-fA-F]{40}$/.test(options.registry)) {
    process.stderr.write('--registry must be a 0x-prefixed contract address\n');
    return 64;
  }
  let blocks: BlockSource;
  let timeEvent: CID | null = options.proof ? CID.parse(options.proof) : null;
  if (options.car) {
    const reader = await CarReader.fromBytes(readFileSync(options.car));
    const roots = await reader.getRoots();
    if (!roots[0]?.equals(recordId)) {
      process.stderr.write(`${options.car} is not the export of ${recordId} (its first root is ${roots[0] ?? 'missing'})\n`);
      return 65;
    }
    timeEvent ??= roots[1] ?? null;
    blocks = async (cid) => (await reader.get(cid))?.bytes;
  } else if (options.gateway) {
    const base = options.gateway.replace(/\/+$/, '');
    blocks = async (cid) => {
      const res = await fetch(`${base}/ipfs/${cid}?format=raw`, { headers: { accept: 'application/vnd.ipld.raw' } });
      return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
    };
  } else {
    process.stderr.write('Give the blocks: --car <file> (from exportContribution), or --gateway <url> with --proof <time event CID>\n');
    return 64;
  }
  const chain = createPublicClient({ cacheTime: 0, transport: http(options.rpc, { retryCount: 1, timeout: 20_000 }) });
  const result = await verifyContribution({ recordId, timeEvent, blocks, chain, registry: options.registry as `0x${string}` | undefined });
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(result, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof CID ? v.toString() : v), 2)}\n`,
    );
  } else {
    process.stdout.write(
      result.valid
        ? [
            `VALID ${result.recordId}`,
            `  action      ${result.payload?.action} by ${result.payload?.provider}`,
            `  signed by   ${result.signers.join(', ')}`,
            `  root        ${result.root} (path ${result.path})`,
            `  anchored    chain ${result.chainId}, contract ${result.contract}`,
            `  transaction ${result.txHash}`,
            `  block       ${result.blockNumber} at ${result.blockTimestamp?.toISOString()} (${result.confirmations} confirmations)`,
          ].join('\n') + '\n'
        : `INVALID ${result.recordId}: ${result.reason}: ${result.message}\n`,
    );
  }
  return result.valid ? 0 : 1;
}
