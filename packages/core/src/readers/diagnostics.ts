import type { Diagnostic, DiagnosticSeverity } from '../types.js';

/** A reader diagnostic: readers see bytes, not the text's offsets, so their diagnostics carry no span. */
export function readerDiagnostic(
  severity: DiagnosticSeverity,
  code: string,
  zh: string,
  en: string,
): Diagnostic {
  return { severity, code, message: { zh, en }, span: null };
}
