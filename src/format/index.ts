/** The format layer: text ⇄ value, JSON, tables and key/value blocks. */
export { FormatError, childPath, describeValue } from './errors.js';
export type { FormatContext, HumanOptions, SpecialFormat, ValueFormat } from './value-format.js';
export { FormatRegistry, defaultRegistry, fromHuman, toHuman } from './registry.js';
export type { MessageFormat } from './message.js';
export { builtinSpecials } from './specials.js';
export { completeEnum, displayName, formatEnum, isBitSet, parseEnum, shortNames } from './enums.js';
export { intRange, parseBool, parseF64, parseInteger } from './scalars.js';
export { formatBytes, parseBytes } from './bytes.js';
export { formatIp4, formatIp6, formatMac, parseIp, parseIp4, parseIp6, parseMac, parsePrefix } from './ip.js';
export { parseJson, parseJsonLines, stringifyJson, stringifyJsonLines } from './json.js';
export { type Palette, createPalette, loadColor } from './color.js';
export { type TableColumn, type TableForm, type TableInput, type TableOptions, layoutTable, renderTable, displayWidth, wrapPieces } from './table.js';
export { columnRank, isEmptyValue } from './columns.js';
export { InterfaceTable } from './interfaces.js';
export { type RenderOptions, humanText, renderBlock, renderMessage } from './render.js';
export { renderDetails } from './details.js';
