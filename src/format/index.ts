/** The format layer: text ⇄ value, JSON, tables and key/value blocks. */
export { FormatError, childPath, describeValue } from './errors.js';
export type { FormatContext, HumanOptions, SpecialFormat, ValueFormat } from './values/value-format.js';
export { FormatRegistry, defaultRegistry, fromHuman, toHuman } from './type-formats/format-registry.js';
export type { MessageFormat } from './type-formats/message-format.js';
export { builtinSpecials } from './type-formats/specials.js';
export { completeEnum, displayName, formatEnum, isBitSet, parseEnum, shortNames } from './values/enums.js';
export { intRange, parseBool, parseF64, parseInteger } from './values/numbers.js';
export { formatBytes, parseBytes } from './values/bytes.js';
export { formatIp4, formatIp6, formatMac, parseIp, parseIp4, parseIp6, parseMac, parsePrefix } from './values/addresses.js';
export { parseJson, parseJsonLines, stringifyJson, stringifyJsonLines } from './json/lossless-json.js';
export { type Palette, createPalette, loadColor } from './rendering/color.js';
export { type TableColumn, type TableForm, type TableInput, type TableOptions, layoutTable, renderTable, displayWidth, wrapPieces } from './rendering/text-table.js';
export { columnRank, isEmptyValue } from './rendering/columns.js';
export { InterfaceTable } from './values/interface-names.js';
export { type RenderOptions, humanText, renderBlock, renderMessage } from './rendering/render.js';
export { renderDetails } from './rendering/details.js';
