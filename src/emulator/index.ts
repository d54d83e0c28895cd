/**
 * The built-in VPP emulator: a server for the same binary API, in-process (tests, the
 * CLI's `emulate` command) or standalone (main.ts).
 */
export { startEmulator } from './server.js';
export type { Emulator, EmulatorOptions, Received } from './server.js';
export { assignIds } from './ids.js';
export type { MessageIds } from './ids.js';
export { emulatedHandlers } from './handlers.js';
