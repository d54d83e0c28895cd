/**
 * A lean HTTP/1.1 load client for the benches: one keep-alive TCP connection per client,
 * one request in flight on each (no pipelining: a request is written only when the
 * previous answer has been read whole), answers framed by Content-Length or chunked
 * transfer coding as RFC 9112 says. node:http's client costs more CPU per request than the
 * server it measures does; on a machine with few cores that measured the client.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CRLFCRLF = Buffer.from('\r\n\r\n');

export class KeepAliveConnection {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (e: Error) => void } | undefined;
  private closed: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.parse();
    });
    const fail = (e: Error) => {
      this.closed ??= e;
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
    // A server closes idle keep-alive connections (node:http after 5 s): a request then fails, never waits.
    if (this.closed) return Promise.reject(this.closed);
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

/** The `wrk` program on $PATH (Debian's package `wrk`), or undefined. Throws nothing. */
export function findWrk(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir === '') continue;
    const p = join(dir, 'wrk');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export interface WrkRun {
  requests: number;
  perSecond: number;
  /** Answers with a status other than 2xx/3xx, and socket errors (connect, read, write, timeout). */
  bad: number;
  /** CPU time (user + system) wrk used, in ms. */
  cpuMs: number;
}

/**
 * Runs `wrk` (one thread: it is C and epoll, a fraction of a core drives a Node server)
 * with `connections` keep-alive connections for `seconds`, each sending POST `path` with
 * JSON `body`. The request is set by a Lua script in a temporary file, removed after. The
 * CPU time wrk used is read by the shell that runs it (`times`: its children's user and
 * system time), since /proc of a process is gone once it has been waited for.
 * @throws when wrk fails or prints no summary.
 */
export async function runWrk(wrk: string, o: { port: number; path: string; body: string; connections: number; seconds: number }): Promise<WrkRun> {
  const dir = mkdtempSync(join(tmpdir(), 'vppapi-bench-wrk-'));
  try {
    const script = join(dir, 'post.lua');
    writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(o.body)}\nwrk.headers["Content-Type"] = "application/json"\n`);
    const args = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '-s', script, `http://127.0.0.1:${o.port}${o.path}`];
    // "$@" keeps wrk's words as they are: no shell string is built from them.
    const child = spawn('sh', ['-c', '"$0" "$@"; s=$?; times; exit $s', wrk, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`wrk exited ${code}: ${err || out}`);
    const requests = /(\d+) requests in/.exec(out);
    const perSecond = /Requests\/sec:\s+([\d.]+)/.exec(out);
    if (!requests || !perSecond) throw new Error(`wrk printed no summary: ${out}`);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const sockErrors = sock ? sock.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
    // `times` prints the shell's own user and system time, then its children's: "0m1.230000s 0m0.450000s".
    const lines = out.trim().split('\n');
    const kids = lines.at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
    const cpuMs = kids.reduce((n, t) => {
      const m = /(\d+)m([\d.]+)s/.exec(t)!;
      return n + (Number(m[1]) * 60 + Number(m[2])) * 1000;
    }, 0);
    return { requests: Number(requests[1]), perSecond: Number(perSecond[1]), bad: non2xx + sockErrors, cpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
