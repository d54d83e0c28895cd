/** Typed bindings at run time: the typed view of a session and its CRC check. */
export { typedView } from './view.js';
export type { SessionLike, TypedSession } from './view.js';
export { BindingsMismatchError, compareBindings, describeRow } from './check.js';
export type { BindingRow, BindingStatus } from './check.js';
export type * from './types.js';
