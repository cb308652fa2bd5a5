// A js-ipfs node with its HTTP RPC API, for a Ceramic daemon in `ipfs.mode: remote`.
import { create } from 'ipfs-core';
import { HttpApi } from 'ipfs-http-server';

const port = Number(process.env.IPFS_PORT ?? 5012);
const ipfs = await create({
  repo: process.env.IPFS_REPO,
  offline: false,
  config: {
    Addresses: { Swarm: ['/ip4/127.0.0.1/tcp/0'], API: `/ip4/127.0.0.1/tcp/${port}`, Gateway: '' },
    Bootstrap: [],
    Discovery: { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } },
    Pubsub: { Enabled: true },
  },
  EXPERIMENTAL: { ipnsPubsub: false },
});
const api = new HttpApi(ipfs);
await api.start();
console.log(`ipfs sidecar API on 127.0.0.1:${port}`);
let stopping = false;
const stop = async () => {
  if (stopping) return; // a second signal while stopping
  stopping = true;
  await api.stop();
  await ipfs.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
