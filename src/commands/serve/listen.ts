/**
 * `--listen`: where the server takes connections, and the rule that keeps it private by
 * default: only loopback (127.0.0.0/8, ::1, localhost) or a Unix socket, unless a bearer
 * token (`--token-file`) or TLS (`--tls-cert`/`--tls-key`) guards it.
 *
 * | --listen                 | listens on                       |
 * |--------------------------|----------------------------------|
 * | `127.0.0.1:9482` (default) | TCP, that address and port     |
 * | `[::1]:9482`, `:::9482`  | TCP on IPv6                      |
 * | `9482`, `:9482`          | TCP on 127.0.0.1                 |
 * | `unix:PATH`              | a Unix socket (mode 0600)        |
 */
import { isIP } from 'node:net';
import { CliError } from '../runtime/errors.js';

export const DEFAULT_LISTEN = '127.0.0.1:9482';

export type ListenAt = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

/** @throws CliError (exit 2) naming the value and the forms accepted. */
export function parseListen(text: string): ListenAt {
  if (text.startsWith('unix:')) {
    const path = text.slice(5);
    if (path === '') throw new CliError('serve: --listen unix: needs a path (unix:/run/vppapi.sock)');
    return { kind: 'unix', path };
  }
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  if (!m || !Number.isInteger(port) || port > 65535 || (host !== '' && host !== 'localhost' && !isIP(host) && !/^[A-Za-z0-9.-]+$/.test(host))) {
    throw new CliError(`serve: --listen ${JSON.stringify(text)} is not an address: give HOST:PORT (127.0.0.1:9482, [::1]:9482), PORT, or unix:PATH`);
  }
  return { kind: 'tcp', host: host === '' ? '127.0.0.1' : host, port };
}

/** Only this machine can connect. Throws nothing. */
export function isLoopback(at: ListenAt): boolean {
  if (at.kind === 'unix') return true;
  const h = at.host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

/** How `at` reads in a log line. Throws nothing. */
export function listenText(at: ListenAt, port?: number): string {
  return at.kind === 'unix' ? `unix:${at.path}` : `${at.host.includes(':') ? `[${at.host}]` : at.host}:${port ?? at.port}`;
}
