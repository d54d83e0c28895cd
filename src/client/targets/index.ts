/** Where a VPP is: local sockets, ssh:// and exec: targets, the targets file. */
export { splitCommand } from './argv.js';
export { Connector, type Endpoint } from './connector.js';
export { endAllChildren, liveChildren } from './children.js';
export { TargetError } from './errors.js';
export { DEFAULT_REMOTE_SOCKET, parseTarget, targetText, type ReachableTarget, type SshTarget, type ExecTarget, type Target, type UnixTarget } from './parse.js';
export type { SshOptions } from './ssh.js';
export { defaultTargetsFile, parseTargetsFile, readTargetsFile, type TargetEntry, type TargetsFile } from './config.js';
export { isFleet, resolveTargets } from './resolve.js';
