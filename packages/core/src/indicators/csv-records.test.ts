import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser } from './csv-records.js';

function parse(chunks: string[]): { records: [string[], number][]; end: ReturnType<CsvRecordParser['end']> } {
  const records: [string[], number][] = [];
  const parser = new CsvRecordParser((cells, line) => records.push([cells, line]));
  for (const c of chunks) parser.push(c);
  return { records, end: parser.end() };
}

describe('CsvRecordParser', () => {
  it('splits quoted fields with commas, doubled quotes and line breaks, and numbers the lines', () => {
    const text =
      '\uFEFFindicator,area,quote\r\n网民规模,成都市,"截至2012年底,网民达到785万人"\r\n"a ""b""",x,"two\nlines"\n\nlast,row,end';
    const { records, end } = parse([text]);
    expect(end).toBeNull();
    expect(records).toEqual([
      [['indicator', 'area', 'quote'], 1],
      [['网民规模', '成都市', '截至2012年底,网民达到785万人'], 2],
      [['a "b"', 'x', 'two\nlines'], 3],
      [[''], 5],
      [['last', 'row', 'end'], 6],
    ]);
  });

  it('reports an unterminated quote with the line it starts on', () => {
    const { records, end } = parse(['a,b\n1,"never closed\nmore']);
    expect(end).toEqual({ unterminatedQuoteLine: 2 });
    expect(records[1]).toEqual([['1', 'never closed\nmore'], 2]);
  });

  it('gives the same records however the text is cut into chunks (property)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', '成', ',', '"', '\n', '\r\n', ' ', '1'),
      maxLength: 6,
    });
    const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (rows, eol, cuts) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
          const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let last = 0;
          for (const p of positions) {
            chunks.push(text.slice(last, p));
            last = p;
          }
          chunks.push(text.slice(last));
          const whole = parse([text]);
          const pieces = parse(chunks);
          expect(pieces.records).toEqual(whole.records);
          expect(whole.records.map(([cells]) => cells)).toEqual(rows);
          // Each record starts on the line after the previous record's line breaks.
          let line = 1;
          whole.records.forEach(([cells, at]) => {
            expect(at).toBe(line);
            line += 1 + cells.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
          });
        },
      ),
    );
  });
});
