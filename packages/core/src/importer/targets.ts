import type { Diagnostic, TargetDraft } from '../types.js';

export interface TargetExtraction {
  targets: TargetDraft[];
  diagnostics: Diagnostic[];
}

/**
 * Finds the quantitative targets a plan commits to, with spans into `text`.
 * TODO(importer-targets): implement.
 */
export function extractTargets(text: string): TargetExtraction {
  void text;
  return { targets: [], diagnostics: [] };
}
