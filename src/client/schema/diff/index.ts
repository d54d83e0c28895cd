/** `api diff` over resolved schemas: the comparison, its model, and the rules `check --against` shares. */
export { diffSchemas } from './diff.js';
export { compareFields, fieldTypeText, valueText } from './fields.js';
export { isIncompatible, majorVersion, messageStatus, successorOf, versionIndex, type VersionIndex } from './rules.js';
export type { Change, FieldChange, MessageDiff, MessageStatus, ModuleDiff, SchemaDiff, TypeDiff, ValueChange } from './model.js';
export { checkRequest, groupByMessage, type CheckedRequest, type FieldProblem, type MessageGroup, type RequestUse, type Verdict } from './upgrade.js';
