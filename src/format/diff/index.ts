/** Rendering `api diff` and `check --against`: table, Markdown, JSON. */
export { diffJson, messageJson } from './json.js';
export { cell, diffMarkdown } from './markdown.js';
export { diffTable, summaryText, type DiffSides } from './table.js';
export { fieldChangeText, typeDetails } from './text.js';
export { atText, checkJson, checkTable, verdictText, type CheckSides, type CheckedFile } from './check.js';
