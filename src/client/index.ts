/**
 * vppapi as a library: a client for VPP's binary API over its Unix socket, usable
 * without the CLI. Nothing here reads the command line, writes to the terminal or ends
 * the process.
 *
 * ```ts
 * import { openSession } from 'vppapi';
 * const { session } = await openSession({ socketPath: '/run/vpp/api.sock' });
 * const v = await session.call('show_version');
 * for await (const ifc of session.iterate('sw_interface_dump')) console.log(ifc.interface_name);
 * await session.disconnect();
 * ```
 */
export { Session } from './session/session.js';
export type { CallOptions, FrameDirection, SessionOptions, SessionState, SessionWarning, StreamResult } from './session/session.js';
export { openSession } from './session/connect.js';
export type { DefinitionsOrigin, OpenSessionOptions, OpenedSession } from './session/connect.js';
export type { EventHandler, EventItem, EventQueue } from './session/events.js';
export { MessageTable, splitTableKey } from './session/message-table.js';
export type { Classification, TableEntry } from './session/message-table.js';
export { RETVAL_EAGAIN, allRetvals, retvalByName, retvalInfo, retvalName } from './session/retvals.js';
export type { RetvalInfo } from './session/retvals.js';
export { cacheFile, defaultCacheDir, readCache, writeCache } from './schema/definitions-cache.js';
export { bootstrapSchema } from './session/handshake.js';

export { DecodeError, EncodeError, SchemaError, VppApiError } from './errors.js';
export {
  AbortedError, ClosedError, NoDefinitionsError, ProtocolError, RetvalError, StateError, TimeoutError,
  UnavailableError, UsageError,
} from './session/errors.js';
export type { Availability } from './session/errors.js';
export { FramingError, TransportError } from './transport/errors.js';
export type { TransportErrorCode } from './transport/errors.js';

export {
  DEFAULT_API_DIR, findApiDir, listApiFiles, loadSchema, parseApiJsonArray, parseModule, readApiDir, readApiFile,
} from './schema/load.js';
export type { LoadResult } from './schema/load.js';
export type * from './schema/model.js';
export type * from './schema/raw.js';
export { builtinModules, memclntModule } from './schema/builtin/index.js';
export { getCodec } from './codec/index.js';
export type { MessageCodec } from './codec/index.js';

// API trace files (binary, JSON) and recorded sessions; replay onto a session.
export * from './trace/index.js';
