import type { Diagnostic } from '../types.js';
import { decodeText, normalizeLineBreaks } from './decode-text.js';
import { readerDiagnostic } from './diagnostics.js';
import { docxToText } from './docx.js';
import { declaredCharset, htmlToText, looksLikeHtml } from './html.js';

export type DocumentFormat = 'txt' | 'html' | 'docx';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface ReadDocumentResult {
  text: string;
  format: DocumentFormat;
  /** The encoding detected for text formats; null for .docx. */
  encoding: TextEncoding | null;
  diagnostics: Diagnostic[];
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function extensionOf(fileName: string | undefined): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
  return m?.[1]?.toLowerCase() ?? '';
}

/** Formats we recognise by their magic bytes but cannot read: say what they are and what to do. */
const UNSUPPORTED: { magic: number[]; zh: string; en: string }[] = [
  {
    magic: [0x25, 0x50, 0x44, 0x46],
    zh: 'PDF 文件暂不支持，请另存为 .docx 或 .txt。',
    en: 'PDF files are not supported yet; save the plan as .docx or .txt.',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    zh: '旧版 Word/WPS（.doc/.wps）文件不支持，请另存为 .docx。',
    en: 'Old Word/WPS files (.doc/.wps) are not supported; save the plan as .docx.',
  },
];

function failed(format: DocumentFormat, encoding: TextEncoding | null, d: Diagnostic): ReadDocumentResult {
  return { text: '', format, encoding, diagnostics: [d] };
}

function formatFromExtension(ext: string): DocumentFormat {
  if (ext === 'docx') return 'docx';
  if (ext === 'html' || ext === 'htm' || ext === 'shtml' || ext === 'xhtml') return 'html';
  return 'txt';
}

function read(bytes: Uint8Array, fileName: string | undefined): ReadDocumentResult {
  const ext = extensionOf(fileName);
  if (bytes.length === 0) {
    return failed(
      formatFromExtension(ext),
      null,
      readerDiagnostic('error', 'EMPTY_DOCUMENT', '文件是空的。', 'The file is empty.'),
    );
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const { text, diagnostics } = docxToText(bytes);
    return withEmptyCheck({ text: normalizeLineBreaks(text), format: 'docx', encoding: null, diagnostics });
  }
  for (const u of UNSUPPORTED) {
    if (startsWith(bytes, u.magic))
      return failed(
        formatFromExtension(ext),
        null,
        readerDiagnostic('error', 'UNSUPPORTED_FORMAT', u.zh, u.en),
      );
  }
  const diagnostics: Diagnostic[] = [];
  const htmlHint = ext === 'html' || ext === 'htm' || ext === 'shtml' || ext === 'xhtml';
  // A page's own <meta charset> is read from the raw bytes before decoding, as browsers do.
  const decoded = decodeText(bytes, declaredCharset(bytes));
  if (textLooksBinary(decoded.text)) {
    return failed(
      formatFromExtension(ext),
      null,
      readerDiagnostic(
        'error',
        'BINARY_DOCUMENT',
        '文件不是文本、网页或 Word 文档，无法读取。',
        'The file is not text, a web page or a Word document; it cannot be read.',
      ),
    );
  }
  diagnostics.push(...decoded.diagnostics);
  const isHtml =
    looksLikeHtml(decoded.text) || (htmlHint && /<\/?(p|div|br|body|table)\b/i.test(decoded.text));
  if (ext === 'docx') {
    diagnostics.push(
      readerDiagnostic(
        'warning',
        'FORMAT_MISMATCH',
        `文件扩展名为 .docx，但内容是${isHtml ? '网页' : '纯文本'}，已按内容读取。`,
        `The file is named .docx but holds ${isHtml ? 'a web page' : 'plain text'}; it was read as such.`,
      ),
    );
  }
  if (isHtml) {
    const html = htmlToText(decoded.text);
    diagnostics.push(...html.diagnostics);
    return withEmptyCheck({
      text: normalizeLineBreaks(html.text),
      format: 'html',
      encoding: decoded.encoding,
      diagnostics,
    });
  }
  return withEmptyCheck({
    text: normalizeLineBreaks(decoded.text),
    format: 'txt',
    encoding: decoded.encoding,
    diagnostics,
  });
}

/**
 * Decoded text that is not a document: NUL or other C0 control characters (text only uses tab, line breaks,
 * form feed, escape), or many characters lost to invalid bytes.
 */
function textLooksBinary(text: string): boolean {
  const n = Math.min(text.length, 1 << 16);
  let controls = 0;
  let replaced = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) controls++;
    else if (c === 0xfffd) replaced++;
  }
  return controls > Math.max(2, n * 0.01) || replaced > Math.max(8, n * 0.05);
}

function withEmptyCheck(r: ReadDocumentResult): ReadDocumentResult {
  if (r.text.trim() === '' && !r.diagnostics.some((d) => d.severity === 'error')) {
    r.diagnostics.push(
      readerDiagnostic('error', 'NO_TEXT', '文件中没有可读的文字。', 'The file holds no readable text.'),
    );
  }
  return r;
}

/**
 * Bytes of a .txt, .html or .docx file → the plan's plain text. Format and encoding are detected from the
 * content (zip magic, markup, byte order marks, UTF-8 then GB18030 validity); the file name is only a hint.
 * Line breaks come out as `\n`. Never throws: unreadable input gives empty text and an error diagnostic.
 */
export function readDocument(bytes: Uint8Array, fileName?: string): ReadDocumentResult {
  try {
    return read(bytes, fileName);
  } catch (e) {
    void e;
    return failed(
      formatFromExtension(extensionOf(fileName)),
      null,
      readerDiagnostic(
        'error',
        'READ_FAILED',
        '读取文件时出错，文件可能已损坏。',
        'Reading the file failed; it may be damaged.',
      ),
    );
  }
}
