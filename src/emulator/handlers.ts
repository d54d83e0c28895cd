/**
 * Every request the emulator carries out, by name (docs/emulator.md lists each with the
 * state it changes). Any other request gets handler-dispatch.ts's answer for an unimplemented call.
 */
import type { Handler } from './call.js';
import { cliHandlers } from './handlers-cli.js';
import { coreHandlers } from './handlers-core.js';
import { interfaceHandlers } from './handlers-interface.js';
import { ipHandlers } from './handlers-ip.js';

export const emulatedHandlers: ReadonlyMap<string, Handler> = new Map(
  Object.entries({ ...coreHandlers, ...cliHandlers, ...interfaceHandlers, ...ipHandlers }),
);
