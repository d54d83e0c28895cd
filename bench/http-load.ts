/**
 * A lean HTTP/1.1 load client for the benches: one keep-alive TCP connection per client,
 * one request in flight on each (no pipelining: a request is written only when the
 * previous answer has been read whole), answers framed by Content-Length or chunked
 * transfer coding as RFC 9112 says. node:http's client costs more CPU per request than the
 * server it measures does; on a machine with few cores that measured the client.
 */
import net from 'node:net';

const CRLFCRLF = Buffer.from('\r\n\r\n');

export class KeepAliveConnection {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (e: Error) => void } | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.parse();
    });
    const fail = (e: Error) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.reject(e);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  /** @throws the connection's error. */
  static open(port: number, host = '127.0.0.1'): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => {
        s.off('error', reject);
        resolve(new KeepAliveConnection(s));
      });
      s.once('error', reject);
    });
  }

  /** Sends one whole request (its bytes) and resolves with the answer's status once its body is read. */
  request(raw: Buffer): Promise<number> {
    if (this.waiting) return Promise.reject(new Error('one request at a time on a connection'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(raw);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** Takes one whole answer off the buffer when it is there. */
  private parse(): void {
    const end = this.buf.indexOf(CRLFCRLF);
    if (end < 0 || !this.waiting) return;
    const head = this.buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const len = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let total: number;
    if (len) total = end + 4 + Number(len[1]);
    else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const t = chunkedEnd(this.buf, end + 4);
      if (t < 0) return;
      total = t;
    } else return this.waiting.reject(new Error(`an answer without a length: ${head.split('\r\n')[0]}`));
    if (this.buf.length < total) return;
    this.buf = this.buf.subarray(total);
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve(status);
  }
}

/** Where a chunked body starting at `at` ends (after its last chunk and trailers), or -1 when not all there. */
function chunkedEnd(b: Buffer, at: number): number {
  for (;;) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) return -1;
    const size = parseInt(b.toString('latin1', at, eol), 16);
    if (size === 0) {
      const t = b.indexOf(CRLFCRLF, eol);
      return t < 0 ? -1 : t + 4;
    }
    at = eol + 2 + size + 2;
    if (at > b.length) return -1;
  }
}

/** The bytes of a POST with a JSON body. */
export function postBytes(path: string, body: string): Buffer {
  const b = Buffer.from(body);
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${b.length}\r\n\r\n`), b]);
}
