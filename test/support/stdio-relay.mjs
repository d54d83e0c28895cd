// A stand-in for `socat - UNIX-CONNECT:PATH` (exec: targets in tests): stdin → the Unix
// socket at argv[2], the socket → stdout. `--stderr TEXT --exit N` instead prints TEXT to
// stderr and exits with N without connecting (a failing command).
import net from 'node:net';
const [, , path, ...rest] = process.argv;
if (path === '--fail') {
  process.stderr.write(`${rest[0] ?? 'failed'}\n`);
  process.exit(Number(rest[1] ?? 1));
}
const s = net.connect(path);
s.on('error', (e) => {
  process.stderr.write(`relay: ${e.message}\n`);
  process.exit(1);
});
process.stdin.pipe(s);
s.pipe(process.stdout);
s.on('close', () => process.exit(0));
