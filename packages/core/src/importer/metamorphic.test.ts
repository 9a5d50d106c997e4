/**
 * Metamorphic tests over the whole development corpus: the same document written differently — every line
 * break removed, full-width and half-width brackets, colons and digits swapped, paragraph indentation changed,
 * read back through GBK, split into a .docx — gives the same units, statements, targets and tasks as the
 * original. Where flattened text is truly ambiguous the case is listed with its reason.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PlanDraft } from '../types.js';
import { readDocument } from '../readers/read-document.js';
import { walkNodes } from './corpus-score.js';
import { parsePlan } from './parse-plan.js';

const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/corpus');
const names = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      .filter((f) => f.endsWith('.expected.json'))
      .map((f) => f.replace('.expected.json', ''))
      .sort()
  : [];
const textOf = (name: string) => readFileSync(join(corpusDir, `${name}.txt`), 'utf8').replace(/\r\n?/g, '\n');

/**
 * Flattened documents whose structure cannot be recovered from one line, with the reason. Everything else must
 * give the same result flattened as it does with its line breaks.
 */
const FLATTEN_AMBIGUOUS: Record<string, string> = {
  '08_guangzhou-family-doctor':
    'its units come from an annex table laid out one cell per line; without the breaks the cells run together and no column can be told from the next',
  '10_state-council-innovation-reforms-table':
    'the same: its units are only in an annex table whose cells were lines',
  '29_state-council-normative-documents-review':
    'its one statement is a paragraph that opens with "司法部负责…"; on one line that sentence cannot be told from the same words in the middle of a paragraph, which name a department in prose',
  '30_state-council-grain-emergency-plan':
    'a table of contents repeats every decimal heading; on one line the contents and the body run together, so the body\'s headings no longer continue the numbering and the "目　　录" line that marks the contents is split in two',
};

/** Full-width and half-width forms made one, so that names written in either width compare equal. */
function fold(s: string): string {
  return s
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/：/g, ':');
}

/** What must not change: units, each statement's units in order, the number of tasks, the targets. */
function signature(d: PlanDraft) {
  const nodes = [...walkNodes(d.nodes)];
  return {
    units: d.units.map(fold),
    supportUnits: d.supportUnits.map(fold),
    statements: nodes
      .filter((n) => n.unitMentions.length > 0)
      .map((n) => `${n.leadUnits.map(fold).join('、')} | ${n.supportUnits.map(fold).join('、')}`),
    tasks: nodes.filter((n) => n.leadUnits.length > 0).length,
    targets: d.targets.map((t) => `${t.comparator} ${t.value} ${fold(t.unit)} ${t.deadlineYear}`),
  };
}

/** Swaps the widths of brackets, colons and digits: full-width to half-width and half-width to full-width. */
function swapWidths(s: string): string {
  return s.replace(/[（）：０-９()\d:]/g, (c) => {
    if (c === '（') return '(';
    if (c === '）') return ')';
    if (c === '：') return ':';
    if (c === '(') return '（';
    if (c === ')') return '）';
    if (c === ':') return '：';
    const code = c.charCodeAt(0);
    return code >= 0xff10 ? String.fromCharCode(code - 0xff10 + 48) : String.fromCharCode(code - 48 + 0xff10);
  });
}

/** Every line re-indented: stripped of its own indentation and given two full-width spaces or four blanks. */
function reindent(s: string, indent: string): string {
  return s
    .split('\n')
    .map((l) => (l.trim() === '' ? l : indent + l.replace(/^[ \t\u3000]+/, '')))
    .join('\n');
}

/** A GBK encoder built from the platform's own GBK decoder (two-byte codes), for the round trip. */
const gbkTable = (() => {
  const decoder = new TextDecoder('gbk');
  const map = new Map<number, [number, number]>();
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch.charCodeAt(0))) map.set(ch.charCodeAt(0), [a, b]);
    }
  return map;
})();

function toGbk(s: string): { bytes: Uint8Array; unmappable: number } {
  const out: number[] = [];
  let unmappable = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // GBK has no no-break space, EM or EN space or zero-width space: a GBK original holds a plain blank, a
    // full-width one (A1A1) for the em-wide, and nothing for the zero-width.
    if (c < 0x80 || c === 0xa0) out.push(c === 0xa0 ? 0x20 : c);
    else if (c === 0x2001 || c === 0x2003) out.push(0xa1, 0xa1);
    else if (c >= 0x200b && c <= 0x200d) continue;
    else if ((c >= 0x2000 && c <= 0x200a) || c === 0x202f) out.push(0x20);
    else {
      const pair = gbkTable.get(c);
      if (pair) out.push(pair[0], pair[1]);
      else {
        unmappable++;
        out.push(0x3f);
      }
    }
  }
  return { bytes: new Uint8Array(out), unmappable };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx with one Word paragraph per line of the text. */
function toDocx(s: string): Uint8Array {
  const enc = new TextEncoder();
  const paragraphs = s
    .split('\n')
    .map((l) => `<w:p><w:r><w:t xml:space="preserve">${xml(l)}</w:t></w:r></w:p>`)
    .join('');
  return zipSync({
    '[Content_Types].xml': enc.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': enc.encode(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': enc.encode(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${paragraphs}<w:sectPr/></w:body></w:document>`,
    ),
  });
}

describe('metamorphic variants of every corpus document', () => {
  it('has the corpus', () => {
    expect(names.length).toBeGreaterThanOrEqual(38);
  });

  describe.each(names)('%s', (name) => {
    const text = textOf(name);
    const original = signature(parsePlan(text));

    it.skipIf(name in FLATTEN_AMBIGUOUS)('gives the same result with every line break removed', () => {
      expect(signature(parsePlan(text.replace(/\n/g, '')))).toEqual(original);
    });

    it('gives the same result with full-width and half-width brackets, colons and digits swapped', () => {
      expect(signature(parsePlan(swapWidths(text)))).toEqual(original);
    });

    it('gives the same result with the paragraph indentation changed', () => {
      expect(signature(parsePlan(reindent(text, '\u3000\u3000')))).toEqual(original);
      expect(signature(parsePlan(reindent(text, '    ')))).toEqual(original);
      // Web pages and Word exports indent with EM or EN spaces (&emsp; &ensp;), or leave a zero-width space.
      expect(signature(parsePlan(reindent(text, '\u2003\u2003')))).toEqual(original);
      expect(signature(parsePlan(reindent(text, '\u2002\u2002\u2002\u2002')))).toEqual(original);
      expect(signature(parsePlan(reindent(text, '\u200b')))).toEqual(original);
    });

    it('gives the same result read back through GBK', () => {
      const { bytes, unmappable } = toGbk(text);
      expect(unmappable).toBe(0);
      const read = readDocument(bytes, `${name}.txt`);
      expect(read.encoding).toBe('gb18030');
      expect(signature(parsePlan(read.text))).toEqual(original);
    });

    it('gives the same result split into a .docx', () => {
      const read = readDocument(toDocx(text), `${name}.docx`);
      expect(signature(parsePlan(read.text))).toEqual(original);
    });
  });

  it('lists every ambiguous case with a reason, and only documents that exist', () => {
    for (const [name, reason] of Object.entries(FLATTEN_AMBIGUOUS)) {
      expect(names).toContain(name);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});
