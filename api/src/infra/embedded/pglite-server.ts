import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';

// PGlite has one session, shared by every client of the socket server. The bundled
// queue of @electric-sql/pglite-socket 0.2.x interleaves the extended-protocol
// messages (Parse/Bind/Execute/Sync) of concurrent clients outside transactions
// ("unnamed prepared statement does not exist") and stalls for good after one failed
// message. This queue gives one client the session for a whole request cycle (up to
// Sync or a simple Query) and for a whole transaction, and survives errors.

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const STARTUP = 0x00; // startup messages carry no type byte; their length starts with 0

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

export class SessionQueue {
  private queue: Pending[] = [];
  private processing = false;
  // The client whose request cycle or transaction holds the session.
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((p) => {
      if (p.handlerId !== handlerId) return true;
      p.reject(new Error('client disconnected'));
      return false;
    });
  }

  // A client that leaves mid-cycle or mid-transaction must not keep the session.
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = this.owner === null ? 0 : this.queue.findIndex((p) => p.handlerId === this.owner);
        if (index < 0) break; // the owner has more to send; others wait
        const [item] = this.queue.splice(index, 1) as [Pending];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (err) {
          item.reject(err);
        }
        const type = item.message[0];
        const cycleEnds = type === SYNC || type === QUERY || type === TERMINATE || type === STARTUP;
        this.owner = cycleEnds && !this.db.isInTransaction() ? null : item.handlerId;
      }
    } finally {
      this.processing = false;
    }
  }
}

export class PgliteServer {
  private server?: Server;
  private readonly handlers = new Set<PGLiteSocketHandler>();
  private readonly queue: SessionQueue;

  constructor(private readonly db: PGlite) {
    this.queue = new SessionQueue(db);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await this.db.waitReady;
    this.server = createServer((socket: Socket) => {
      const handler = new PGLiteSocketHandler({ queryQueue: this.queue as never, closeOnDetach: true });
      this.handlers.add(handler);
      handler.addEventListener('close', () => this.handlers.delete(handler));
      handler.addEventListener('error', () => this.handlers.delete(handler));
      handler.attach(socket).catch(() => socket.destroy());
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const handler of this.handlers) await handler.detach(true);
    this.handlers.clear();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
