/**
 * VPP 26.06 definitions carried inside vppapi, so that it can connect to VPP (and run its
 * emulator) on a machine without any `*.api.json` file. Written in the notation of
 * ./dsl.ts; test/client/schema/builtin-defs.test.ts proves them equal to VPP's own files.
 *
 * Every function returns fresh objects: callers may keep or change them freely.
 */
import type { RawModule, RawSource } from '../raw.js';
import { interfaceModule } from './interface.js';
import { ipModule } from './ip.js';
import { memclntModule, withMemclnt } from './memclnt.js';
import { fibTypesModule, mfibTypesModule } from './types-fib.js';
import { ethernetTypesModule, interfaceTypesModule } from './types-interface.js';
import { ipTypesModule } from './types-ip.js';
import { vpeTypesModule } from './types-vpe.js';
import { vlibModule } from './vlib.js';
import { vpeModule } from './vpe.js';

export { memclntModule, withMemclnt };

/** Every built-in module, memclnt first, each type module before the modules using it. Throws nothing. */
export function builtinModules(): RawModule[] {
  return [
    memclntModule(),
    vlibModule(),
    vpeTypesModule(),
    vpeModule(),
    interfaceTypesModule(),
    ethernetTypesModule(),
    ipTypesModule(),
    fibTypesModule(),
    mfibTypesModule(),
    interfaceModule(),
    ipModule(),
  ];
}

/** Every built-in module as a source of definitions (origin `built-in`). Throws nothing. */
export function builtinSources(): RawSource[] {
  return builtinModules().map((module) => ({ origin: 'built-in', module }));
}
