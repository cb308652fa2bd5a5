import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CID } from 'multiformats/cid';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { openLocalBlockstore } from './local-blockstore.js';

// What an instance's IPFS node tells other instances (NodeInfo metadata, the instance actor):
// its peer id and the addresses it listens on.
export interface IpfsNodeInfo {
  peerId: string;
  addresses: string[];
}

const KEY_FILE = 'peer.key';
const ADDRESSES_FILE = 'addresses.json';

// The node's Ed25519 key, created once in IPFS node's folder and kept: its peer id is the instance's
// on the IPFS network. The API reads it (to advertise the id) and the worker runs the node with it;
// whichever comes first creates it (exclusively: the other then reads it).
async function nodeKey(dir: string) {
  const { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } = await import('@libp2p/crypto/keys');
  const file = join(dir, KEY_FILE);
  try {
    return privateKeyFromProtobuf(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true });
  const key = await generateKeyPair('Ed25519');
  try {
    await writeFile(file, privateKeyToProtobuf(key), { flag: 'wx', mode: 0o600 });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return privateKeyFromProtobuf(await readFile(file));
  }
}

// The running node's id and addresses, as the worker last wrote them; null when no node runs.
export async function advertisedIpfsNode(config: AppConfig): Promise<IpfsNodeInfo | null> {
  if (!config.ipfs.listen.length) return null;
  try {
    return JSON.parse(await readFile(join(config.ipfs.nodeDir, ADDRESSES_FILE), 'utf8')) as IpfsNodeInfo;
  } catch {
    return null;
  }
}

type Helia = Awaited<ReturnType<IpfsNode['build']>>;

// The instance as a node of the IPFS network: Helia over the instance's own blockstore, on libp2p
// with TCP and WebSockets, noise, yamux and identify, exchanging blocks by bitswap. Peers fetch
// every block this instance holds by CID; the instance fetches missing blocks from the peers it is
// connected to (static peers, and the instances whose designs it mirrors), and Helia re-hashes
// every block it receives. Runs in the worker; IPFS_LISTEN=none turns it off. Loaded only when on.
@Injectable()
export class IpfsNode implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ipfs');
  private helia?: Helia;
  private redial?: NodeJS.Timeout;
  // Aborted when the process stops: blocks still awaited from peers are given up at once, so the
  // jobs waiting for them end (and are retried later) instead of holding the shutdown.
  private readonly stopping = new AbortController();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get running(): boolean {
    return !!this.helia && !this.stopped;
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ipfs.listen.length) return;
    if (this.config.ipfs.kuboRpcUrl) {
      this.logger.warn({ msg: 'KUBO_RPC_URL is set: the Kubo node is the IPFS node; the built-in one stays off' });
      return;
    }
    // A node that cannot start (a port taken, an address not of this machine) leaves the worker
    // running without it: mirrors then fetch from origins' gateways, and the error says why.
    try {
      const helia = await this.build();
      await helia.start();
      this.helia = helia;
    } catch (err) {
      this.logger.error({ msg: 'the IPFS node could not start; continuing without it', listen: this.config.ipfs.listen, err: String(err) });
      return;
    }
    const info = this.info()!;
    await writeFile(join(this.config.ipfs.nodeDir, `${ADDRESSES_FILE}.tmp`), JSON.stringify(info));
    await rename(join(this.config.ipfs.nodeDir, `${ADDRESSES_FILE}.tmp`), join(this.config.ipfs.nodeDir, ADDRESSES_FILE));
    this.logger.log({ msg: 'IPFS node listening', ...info });
    await this.dialPeers();
    this.redial = setInterval(() => void this.dialPeers(), 60_000);
    this.redial.unref();
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort(new Error('the IPFS node is stopping'));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.redial);
    await this.helia?.stop();
    this.helia = undefined;
  }

  info(): IpfsNodeInfo | null {
    if (!this.helia) return null;
    return { peerId: this.helia.libp2p.peerId.toString(), addresses: this.helia.libp2p.getMultiaddrs().map((a) => a.toString()) };
  }

  // Connects to a peer by its addresses (each ending in /p2p/<id>, or with the id given apart).
  async connect(peer: IpfsNodeInfo): Promise<boolean> {
    if (!this.helia || peer.peerId === this.helia.libp2p.peerId.toString()) return false;
    const { multiaddr } = await import('@multiformats/multiaddr');
    const addresses = peer.addresses.map((a) => multiaddr(a.includes('/p2p/') ? a : `${a}/p2p/${peer.peerId}`));
    try {
      await this.helia.libp2p.dial(addresses, { signal: AbortSignal.timeout(10_000) });
      return true;
    } catch (err) {
      this.logger.warn({ msg: 'could not reach IPFS peer', peerId: peer.peerId, err: String(err) });
      return false;
    }
  }

  // A block from the peers this node is connected to (bitswap), verified against its CID by Helia
  // and kept in the blockstore; a local block as it is.
  async block(cid: CID, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    if (!this.helia) throw new Error('the IPFS node is off (IPFS_LISTEN=none)');
    const chunks: Uint8Array[] = [];
    const signal = options.signal ? AbortSignal.any([options.signal, this.stopping.signal]) : this.stopping.signal;
    for await (const chunk of this.helia.blockstore.get(cid, { signal })) chunks.push(chunk);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }

  private async dialPeers(): Promise<void> {
    if (!this.helia) return;
    const { multiaddr } = await import('@multiformats/multiaddr');
    for (const address of this.config.ipfs.peers) {
      const ma = multiaddr(address);
      const peerId = ma.getComponents().find((c) => c.name === 'p2p')?.value;
      if (peerId && this.helia.libp2p.getConnections().some((c) => c.remotePeer.toString() === peerId)) continue;
      await this.helia.libp2p.dial(ma, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => {
        this.logger.warn({ msg: 'could not reach a static IPFS peer', address, err: String(err) });
      });
    }
  }

  private async build() {
    const [
      { createHeliaLight },
      { withLibp2pLight },
      { withBitswap },
      { tcp },
      { webSockets },
      { noise },
      { yamux },
      { identify },
      { MemoryDatastore },
    ] = await Promise.all([
      import('helia'),
      import('@helia/libp2p'),
      import('@helia/bitswap'),
      import('@libp2p/tcp'),
      import('@libp2p/websockets'),
      import('@chainsafe/libp2p-noise'),
      import('@chainsafe/libp2p-yamux'),
      import('@libp2p/identify'),
      import('datastore-core'),
    ]);
    const privateKey = await nodeKey(this.config.ipfs.nodeDir);
    const blockstore = await openLocalBlockstore(this.config.ipfs.blockstoreDir);
    const helia = createHeliaLight({ blockstore, datastore: new MemoryDatastore() });
    return withBitswap(
      withLibp2pLight(helia, {
        privateKey,
        addresses: { listen: [...this.config.ipfs.listen] },
        transports: [tcp(), webSockets()],
        connectionEncrypters: [noise()],
        // A window of 4 MiB (not 256 KiB) on each stream: a bitswap message of 1 MiB blocks flows without
        // waiting for window updates.
        streamMuxers: [yamux({ streamOptions: { initialStreamWindowSize: 4 * 1024 * 1024 } })],
        services: { identify: identify() },
      }),
      // Blocks a peer wants go out on up to eight messages at once (one by default): a 1 MiB block
      // no longer waits for the one before it to be written.
      { sendBlocksConcurrency: 8 },
    );
  }
}

// The node, for the process that runs it (the worker); other modules take it as optional.
@Global()
@Module({ providers: [IpfsNode], exports: [IpfsNode] })
export class IpfsNodeModule {}
