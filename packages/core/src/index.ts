/** @luoshi/core — the pure domain core. Everything here runs in Node and in the browser. */
export type * from './types.js';
export { parsePlan } from './importer/parse-plan.js';
export { extractTargets, type TargetExtraction } from './importer/targets.js';
export {
  readDocument,
  type ReadDocumentResult,
  type DocumentFormat,
  type TextEncoding,
} from './readers/read-document.js';
