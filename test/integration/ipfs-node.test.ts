import { randomUUID } from 'node:crypto';
import { CID } from 'multiformats/cid';
import type { AppConfig } from '../../api/src/config/config.js';
import { ContentService } from '../../api/src/ipfs/content.service.js';
import { advertisedIpfsNode, IpfsNode } from '../../api/src/ipfs/ipfs-node.js';
import { testConfig } from '../support/config.js';

// Two instances' IPFS nodes on loopback, each over its own blockstore: one fetches the other's blocks
// by bitswap once connected; a node keeps its peer id across restarts; a node that cannot listen
// leaves its process running without it.
describe('the IPFS node', () => {
  const started: IpfsNode[] = [];
  afterAll(async () => {
    for (const node of started) await node.onApplicationShutdown();
  });

  async function node(config: AppConfig) {
    const n = new IpfsNode(config);
    started.push(n);
    await n.onApplicationBootstrap();
    const content = new ContentService(config);
    await content.onModuleInit();
    return { node: n, content, config };
  }

  it('serves its blocks to a peer by bitswap, which verifies and keeps them', async () => {
    const a = await node(testConfig({ IPFS_LISTEN: '/ip4/127.0.0.1/tcp/0,/ip4/127.0.0.1/tcp/0/ws' }));
    const b = await node(testConfig({ IPFS_LISTEN: '/ip4/127.0.0.1/tcp/0' }));
    expect(a.node.running).toBe(true);
    const info = a.node.info()!;
    expect(info.peerId).toMatch(/^12D3KooW/);
    expect(info.addresses.some((addr) => addr.includes('/ws/'))).toBe(true);
    // What the API advertises in NodeInfo is what the running node wrote.
    expect(await advertisedIpfsNode(a.config)).toEqual(info);

    const cid = await a.content.putDagCbor({ design: randomUUID() });
    expect(await b.content.has(cid)).toBe(false);
    expect(await b.node.connect(info)).toBe(true);
    const bytes = await b.node.block(cid, { signal: AbortSignal.timeout(20_000) });
    expect(Buffer.from(bytes).equals(Buffer.from(await a.content.block(cid)))).toBe(true);
    expect(await b.content.has(cid)).toBe(true);
    // A block nobody has is not made up: the wait ends with an error.
    const missing = CID.parse('bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
    await expect(b.node.block(missing, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow();
  }, 60_000);

  it('keeps its peer id across restarts', async () => {
    const config = testConfig({ IPFS_LISTEN: '/ip4/127.0.0.1/tcp/0' });
    const first = await node(config);
    const id = first.node.info()!.peerId;
    await first.node.onApplicationShutdown();
    const again = await node(config);
    expect(again.node.info()!.peerId).toBe(id);
  }, 30_000);

  it('leaves the process running without a node when it cannot listen, and is off with IPFS_LISTEN=none', async () => {
    // TEST-NET-3: an address of no interface here.
    const unbindable = await node(testConfig({ IPFS_LISTEN: '/ip4/203.0.113.7/tcp/4001' }));
    expect(unbindable.node.running).toBe(false);
    expect(await advertisedIpfsNode(unbindable.config)).toBeNull();
    const off = await node(testConfig({ IPFS_LISTEN: 'none' }));
    expect(off.node.running).toBe(false);
    expect(off.config.ipfs.listen).toEqual([]);
    await expect(off.node.block(CID.parse('bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'))).rejects.toThrow(/off/);
  }, 30_000);
});
