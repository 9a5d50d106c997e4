import type { Diagnostic } from '../types.js';

export type DocumentFormat = 'txt' | 'html' | 'docx';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface ReadDocumentResult {
  text: string;
  format: DocumentFormat;
  /** The encoding detected for text formats; null for .docx. */
  encoding: TextEncoding | null;
  diagnostics: Diagnostic[];
}

/**
 * Bytes of a .txt, .html or .docx file → the plan's plain text. Format and encoding are detected from the
 * content; the file name is only a hint. Never throws.
 * TODO(readers): implement.
 */
export function readDocument(bytes: Uint8Array, fileName?: string): ReadDocumentResult {
  void fileName;
  return { text: new TextDecoder('utf-8').decode(bytes), format: 'txt', encoding: 'utf-8', diagnostics: [] };
}
