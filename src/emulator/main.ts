/**
 * Standalone emulator:
 *   node dist/src/emulator/main.js --socket PATH [--stats-socket PATH] [--api-dir DIR] [--page-size N] [--version V] [--quiet]
 * Serves until SIGINT or SIGTERM, then removes its socket. Log lines go to stderr.
 * Exit codes: 0 after a signal, 2 for bad arguments, 1 when it cannot start.
 */
import { parseArgs } from 'node:util';
import { readApiDir } from '../client/schema/load.js';
import { startEmulator } from './server.js';

const USAGE = 'usage: emulator --socket PATH [--stats-socket PATH] [--api-dir DIR] [--page-size N] [--version V] [--quiet]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        socket: { type: 'string' },
        'stats-socket': { type: 'string' },
        'api-dir': { type: 'string' },
        'page-size': { type: 'string' },
        version: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (!values.socket || (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0))) {
    process.stderr.write(`${values.socket ? '--page-size needs a positive integer' : '--socket PATH is required'}\n${USAGE}\n`);
    return 2;
  }
  const log = values.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  try {
    const sources = values['api-dir'] ? readApiDir(values['api-dir'], { tolerant: true }) : undefined;
    for (const e of sources?.errors ?? []) log?.(`definitions: ${e.message} (left out)`);
    const emu = await startEmulator({ socketPath: values.socket, sources: sources?.sources, pageSize, version: values.version, log, maxReceived: 0, statsSocketPath: values['stats-socket'] });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await emu.stop();
    return 0;
  } catch (e) {
    process.stderr.write(`emulator: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
