import type { Diagnostic } from '../types.js';
import { readerDiagnostic } from './diagnostics.js';
import type { TextEncoding } from './read-document.js';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  diagnostics: Diagnostic[];
}

function tryDecode(bytes: Uint8Array, encoding: TextEncoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** The BOM's encoding and length, or null. */
function bomOf(bytes: Uint8Array): { encoding: TextEncoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM shows itself by NUL bytes (the high byte of ASCII characters such as digits and line
 * breaks) standing at one parity only. Chinese text alone has no NULs, so this only catches mixed text.
 */
export function guessBomlessUtf16(bytes: Uint8Array): TextEncoding | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const n = Math.min(bytes.length, 1 << 16);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const pairs = n / 2;
  // A CJK character can have a zero byte too (U+4E00 一), so the other parity may hold a few.
  if (odd >= pairs * 0.05 && odd > even * 4) return 'utf-16le';
  if (even >= pairs * 0.05 && even > odd * 4) return 'utf-16be';
  return null;
}

/** Plans are read line by line; one line-break convention keeps spans and line logic simple. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Decodes text bytes: a BOM decides first; then `declared` (an HTML page's own charset) when the bytes are
 * valid in it; then UTF-8 when valid; then GB18030 (a superset of GBK and GB2312) when valid; otherwise
 * whichever of the two loses fewer characters, with a warning.
 */
export function decodeText(bytes: Uint8Array, declared: TextEncoding | null = null): DecodedText {
  const diagnostics: Diagnostic[] = [];
  const bom = bomOf(bytes);
  if (bom) {
    const text = new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.length));
    if (countReplacements(text) > 0) {
      diagnostics.push(
        readerDiagnostic(
          'warning',
          'ENCODING_REPLACED',
          `文件有 ${bom.encoding.toUpperCase()} 字节顺序标记，但部分字节无效，已替换为 �。`,
          `The file has a ${bom.encoding.toUpperCase()} byte order mark but some bytes are invalid; they were replaced by �.`,
        ),
      );
    }
    return { text, encoding: bom.encoding, diagnostics };
  }
  if (declared) {
    const text = tryDecode(bytes, declared);
    if (text !== null) return { text, encoding: declared, diagnostics };
    diagnostics.push(
      readerDiagnostic(
        'warning',
        'CHARSET_MISMATCH',
        `网页声明的编码 ${declared} 与内容不符，已按内容识别编码。`,
        `The page declares the charset ${declared} but its bytes are not valid in it; the encoding was detected from the content.`,
      ),
    );
  }
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) {
    diagnostics.push(
      readerDiagnostic(
        'info',
        'ENCODING_GUESSED',
        `文件没有字节顺序标记，按 ${utf16.toUpperCase()} 读取。`,
        `The file has no byte order mark; it was read as ${utf16.toUpperCase()}.`,
      ),
    );
    return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, diagnostics };
  }
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', diagnostics };
  const gb = tryDecode(bytes, 'gb18030');
  if (gb !== null) return { text: gb, encoding: 'gb18030', diagnostics };
  const lossyUtf8 = new TextDecoder('utf-8').decode(bytes);
  const lossyGb = new TextDecoder('gb18030').decode(bytes);
  const useGb = countReplacements(lossyGb) < countReplacements(lossyUtf8);
  const encoding: TextEncoding = useGb ? 'gb18030' : 'utf-8';
  diagnostics.push(
    readerDiagnostic(
      'warning',
      'ENCODING_REPLACED',
      `文件既不是有效的 UTF-8 也不是有效的 GB18030/GBK；按 ${encoding.toUpperCase()} 读取，无效字节已替换为 �。`,
      `The file is neither valid UTF-8 nor valid GB18030/GBK; it was read as ${encoding.toUpperCase()} and invalid bytes were replaced by �.`,
    ),
  );
  return { text: useGb ? lossyGb : lossyUtf8, encoding, diagnostics };
}

/** Maps a charset label (from `<meta charset>`) to the encodings we read; null for unknown labels. */
export function encodingFromLabel(label: string): TextEncoding | null {
  const l = label.trim().toLowerCase();
  if (l === 'utf-8' || l === 'utf8') return 'utf-8';
  if (l === 'gbk' || l === 'gb2312' || l === 'gb18030' || l === 'x-gbk' || l === 'cp936' || l === 'euc-cn')
    return 'gb18030';
  if (l === 'utf-16le' || l === 'utf-16') return 'utf-16le';
  if (l === 'utf-16be') return 'utf-16be';
  return null;
}
