/**
 * bench:fleet's VPPs: N emulators in this one process (a process each would cost the
 * machine more than the client being measured), on DIR/vpp1.sock … DIR/vppN.sock.
 * Runs until SIGINT/SIGTERM.
 *   node dist/bench/fleet-servers.js DIR N
 */
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';

const [dir, n] = [process.argv[2]!, Number(process.argv[3])];
const emus = await Promise.all(Array.from({ length: n }, (_, i) => startEmulator({ socketPath: join(dir, `vpp${i + 1}.sock`), version: `26.06-bench${i + 1}` })));
const stop = async (): Promise<void> => {
  await Promise.all(emus.map((e) => e.stop()));
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
