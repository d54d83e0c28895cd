export type { MessageCodec } from './api.js';
export { getCodec } from './message.js';
export { compileType, compileField } from './compile.js';
