import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDocument, type ReadDocumentResult } from './read-document.js';

const readers = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/readers');
const fixtureBytes = readdirSync(readers)
  .sort()
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(readers, f))) }));

/** What every result must satisfy, whatever the bytes. */
function readAndCheck(bytes: Uint8Array, fileName?: string): ReadDocumentResult {
  const r = readDocument(bytes, fileName);
  expect(['txt', 'html', 'docx']).toContain(r.format);
  expect([null, 'utf-8', 'utf-16le', 'utf-16be', 'gb18030']).toContain(r.encoding);
  expect(typeof r.text).toBe('string');
  expect(r.text).not.toContain('\r');
  for (const d of r.diagnostics) {
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(d.message.zh.length).toBeGreaterThan(0);
    expect(d.message.en.length).toBeGreaterThan(0);
    expect(d.span).toBeNull();
  }
  // Nothing readable is never silent: the user is told why the plan is empty.
  if (r.text.trim() === '') expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  return r;
}

const names = fc.constantFrom(
  undefined,
  'plan.txt',
  'plan.docx',
  'plan.html',
  'plan.htm',
  'plan',
  'PLAN.DOCX',
  '方案.doc',
);
const magic = fc.constantFrom(
  [],
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0x25, 0x50, 0x44, 0x46],
  [0xd0, 0xcf, 0x11, 0xe0],
  [...new TextEncoder().encode('<!DOCTYPE html><meta charset=gbk><p>')],
);

describe('readDocument never throws', () => {
  it('on arbitrary bytes, behind any magic number, with any file name', () => {
    fc.assert(
      fc.property(
        magic,
        fc.uint8Array({ maxLength: 2048 }),
        names,
        (m, rest, name) => void readAndCheck(new Uint8Array([...m, ...rest]), name),
      ),
      { numRuns: 1000 },
    );
  });

  it('on damaged fixtures: bytes flipped, cut short, or spliced', () => {
    const damaged = fc
      .tuple(
        fc.integer({ min: 0, max: fixtureBytes.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.option(fc.nat()),
      )
      .map(([i, flips, cut]) => {
        const f = fixtureBytes[i] as { name: string; bytes: Uint8Array };
        const bytes = new Uint8Array(f.bytes);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        return { name: f.name, bytes: cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1)) };
      });
    fc.assert(
      fc.property(damaged, ({ name, bytes }) => void readAndCheck(bytes, name)),
      { numRuns: 300 },
    );
  });
});

describe('readDocument gives back the text it was given', () => {
  /** Text a person could have typed: any Unicode scalar values but no controls other than tab and line breaks. */
  const typed = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 300 })
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .map((s) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd\ufeff<]/g, ''))
    .filter((s) => s.trim() !== '' && !s.startsWith('%PDF'));
  const normalize = (s: string): string => s.replace(/\r\n?/g, '\n');

  it('in UTF-8 with or without a BOM, and in UTF-16 LE and BE with a BOM', () => {
    fc.assert(
      fc.property(typed, fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'), (s, enc) => {
        const utf16 = Buffer.from(s, 'utf16le');
        if (enc === 'utf-16be') utf16.swap16();
        const bytes =
          enc === 'utf-8'
            ? Buffer.from(s, 'utf8')
            : enc === 'utf-8-bom'
              ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')])
              : enc === 'utf-16le'
                ? Buffer.concat([Buffer.from([0xff, 0xfe]), utf16])
                : Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]);
        const r = readAndCheck(new Uint8Array(bytes), 'plan.txt');
        expect(r.format).toBe('txt');
        expect(r.encoding).toBe(enc === 'utf-8-bom' ? 'utf-8' : enc);
        expect(r.text).toBe(normalize(s));
      }),
      { numRuns: 500 },
    );
  });
});
