import type { PlanDraft } from '../types.js';
import { extractTargets } from './targets.js';

/**
 * Text in, a plan draft out. Never throws: what it cannot place becomes a diagnostic.
 * TODO(importer-structure): implement structure, units, metadata.
 */
export function parsePlan(text: string): PlanDraft {
  const { targets, diagnostics } = extractTargets(text);
  return {
    title: '',
    issuer: null,
    documentNumber: null,
    period: null,
    references: [],
    nodes: [],
    units: [],
    supportUnits: [],
    targets,
    diagnostics,
  };
}
