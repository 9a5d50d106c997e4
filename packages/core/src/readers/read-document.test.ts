import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../importer/parse-plan.js';
import { readDocument, type ReadDocumentResult } from './read-document.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../../fixtures');
const readers = join(fixtures, 'readers');
const corpusDir = process.env.LUOSHI_CORPUS_DIR ?? resolve(here, '../../../../../shared/corpus');
const haveCorpus = existsSync(corpusDir);

const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const read = (file: string): ReadDocumentResult => readDocument(bytesOf(join(readers, file)), file);

const originals = {
  chengdu: readFileSync(join(fixtures, 'chengdu-ecommerce-plan-2013-2015.txt'), 'utf8').replace(
    /\r\n?/g,
    '\n',
  ),
  'jiangxi-high-school-reform': readFileSync(join(readers, 'jiangxi-high-school-reform.txt'), 'utf8').replace(
    /\r\n?/g,
    '\n',
  ),
};
type Name = keyof typeof originals;
const names = Object.keys(originals) as Name[];

/** The paragraphs a reader should keep: lines, and runs separated by full-width spaces within a line. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n|\u3000{2,}/)
    .map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((p) => p !== '');
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');
const squeeze = (s: string): string => s.replace(/[\s\u3000\u00a0]+/g, '');

/** Words of the page chrome in the fixtures' government page template: none may reach the plan text. */
const CHROME = [
  '当前位置',
  '版权所有',
  'ICP',
  '分享到',
  '相关文件',
  '统计代码',
  '页面加载完成',
  '请输入关键字',
  '打印本页',
  '发布时间',
  '网站地图',
  '互动交流',
];

function expectNoErrors(r: ReadDocumentResult): void {
  expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
}

describe('readDocument: plain text in every encoding plans arrive in', () => {
  const cases = [
    ['utf8-bom.txt', 'utf-8'],
    ['gbk.txt', 'gb18030'],
    ['utf16le.txt', 'utf-16le'],
    ['utf16be.txt', 'utf-16be'],
  ] as const;
  for (const name of names) {
    for (const [suffix, encoding] of cases) {
      it(`${name}.${suffix} decodes to the original text as ${encoding}`, () => {
        const r = read(`${name}.${suffix}`);
        expect(r.format).toBe('txt');
        expect(r.encoding).toBe(encoding);
        expect(r.text).toBe(originals[name]);
        expectNoErrors(r);
      });
    }
  }

  it('detects the encoding from the bytes, not the file name', () => {
    const r = readDocument(bytesOf(join(readers, 'chengdu.gbk.txt')));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe(originals.chengdu);
    expect(readDocument(bytesOf(join(readers, 'chengdu.utf16be.txt')), 'plan.html').text).toBe(
      originals.chengdu,
    );
  });

  it('reads UTF-8 without a BOM as UTF-8 even when it would also be valid GB18030', () => {
    const r = readDocument(utf8('到2015年，电子商务交易额突破6000亿元。'), 'a.txt');
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('到2015年，电子商务交易额突破6000亿元。');
  });

  it('turns CRLF and CR line breaks into LF', () => {
    expect(readDocument(utf8('一、总体要求\r\n（一）指导思想\r二、主要任务')).text).toBe(
      '一、总体要求\n（一）指导思想\n二、主要任务',
    );
  });

  it('reads BOM-less UTF-16 when its NUL bytes give it away, and says it guessed', () => {
    const text = '一、目标\n到2015年达到70%。';
    const r = readDocument(new Uint8Array(Buffer.from(text, 'utf16le')), 'plan.txt');
    expect(r.encoding).toBe('utf-16le');
    expect(r.text).toBe(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ENCODING_GUESSED']);
  });

  it('keeps what it can of a file valid in no encoding and warns about the lost bytes', () => {
    const bytes = new Uint8Array([...utf8('一、总体要求。'), 0xff, ...utf8('二、主要任务。')]);
    const r = readDocument(bytes, 'plan.txt');
    expect(r.text).toContain('一、总体要求。');
    expect(r.text).toContain('二、主要任务。');
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'ENCODING_REPLACED']]);
  });
});

describe('readDocument: government web pages', () => {
  for (const name of names) {
    for (const file of [`${name}.html`, `${name}.gbk.html`]) {
      it(`${file}: the article's paragraphs, one per line, and nothing of the page around it`, () => {
        const r = read(file);
        expect(r.format).toBe('html');
        expect(r.encoding).toBe(file.includes('gbk') ? 'gb18030' : 'utf-8');
        expectNoErrors(r);
        // The title stands in its own <h1> outside the article body; it still leads the text.
        expect(lines(r.text)).toEqual(paragraphs(originals[name]));
        for (const word of CHROME) expect(r.text).not.toContain(word);
      });
    }
  }

  it('honours <meta charset=gbk> and falls back to the content when the declaration is wrong', () => {
    const page =
      '<html><head><meta charset="gbk"></head><body><p>一、总体要求</p><p>（一）发展目标。</p></body></html>';
    const r = readDocument(utf8(page), 'p.html');
    expect(r.text).toBe('一、总体要求\n（一）发展目标。');
    expect(r.encoding).toBe('utf-8');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CHARSET_MISMATCH']);
    const gbkPage = bytesOf(join(readers, 'chengdu.gbk.html'));
    expect(new TextDecoder('utf-8', { fatal: false }).decode(gbkPage)).toContain('charset=gb2312');
  });

  it('ignores a <meta> that claims UTF-16 for bytes that are not', () => {
    const r = readDocument(
      utf8('<html><head><meta charset="utf-16"></head><body><p>一、总体要求</p></body></html>'),
    );
    expect(r).toMatchObject({ text: '一、总体要求', format: 'html', encoding: 'utf-8', diagnostics: [] });
  });

  it('keeps block boundaries as line breaks, joins inline elements and decodes entities', () => {
    const page =
      '<body><div>（一）<span>加快</span><b>发展</b>&ldquo;电子商务&rdquo;</div><p>A &amp; B &lt;C&gt; &#x4E00;&#19968;<br>第二行</p>' +
      '<h2>二、保障措施</h2><ul><li>甲</li><li>乙</li></ul>　　全角空格保留</body>';
    expect(readDocument(utf8(page)).text).toBe(
      '（一）加快发展“电子商务”\nA & B <C> 一一\n第二行\n二、保障措施\n甲\n乙\n　　全角空格保留',
    );
  });

  it('writes a data table one cell per line, with a blank line between rows', () => {
    const page =
      '<body><p>附件：任务分工表</p><table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>' +
      '<tr><td>1</td><td><p>建设千兆光网</p><p>（含室分）</p></td><td>市经信局</td><td>市通信管理办、<br>各区县政府</td></tr>' +
      '<tr><td>2</td><td>引进龙头企业</td><td>市商务局</td><td></td></tr></table><p>表后文字</p></body>';
    expect(readDocument(utf8(page), 'x.html').text).toBe(
      '附件：任务分工表\n\n序号\n工作任务\n牵头单位\n配合单位\n\n1\n建设千兆光网 （含室分）\n市经信局\n市通信管理办、 各区县政府\n\n2\n引进龙头企业\n市商务局\n\n表后文字',
    );
  });

  it('reads an old page laid out in table cells: the article cell, not a table of data', () => {
    const article = Array.from(
      { length: 8 },
      (_, i) => `<p>（${'一二三四五六七八'[i]}）第${i + 1}项任务的内容。（牵头单位：市商务局）</p>`,
    ).join('');
    const page =
      '<html><body><table width="980"><tr><td colspan="2"><a href="/">首页</a> <a href="/a">政务公开</a> <a href="/b">办事服务</a></td></tr>' +
      '<tr><td width="200"><ul><li><a>通知公告</a></li><li><a>政策解读</a></li><li><a>图片新闻</a></li></ul></td>' +
      `<td><p>二、主要任务</p>${article}</td></tr>` +
      '<tr><td colspan="2" class="foot">版权所有 某市人民政府</td></tr></table></body></html>';
    const r = readDocument(utf8(page), 'index.shtml');
    expect(r.text.split('\n')).toEqual([
      '二、主要任务',
      ...Array.from(
        { length: 8 },
        (_, i) => `（${'一二三四五六七八'[i]}）第${i + 1}项任务的内容。（牵头单位：市商务局）`,
      ),
    ]);
  });

  it('leaves out what the page hides', () => {
    const page =
      '<body><div class="content"><p>一、总体要求</p><div style="display: none">隐藏的打印版本</div>' +
      '<p hidden>隐藏段落</p><span style="visibility:hidden">看不见</span><p>（一）指导思想。</p></div></body>';
    expect(readDocument(utf8(page)).text).toBe('一、总体要求\n（一）指导思想。');
  });

  it('drops scripts, styles, navigation, headers and footers of a page with no known article container', () => {
    const page = `<!doctype html><html><head><title>T</title><script>var a = "脚本";</script><style>p{}</style></head><body>
      <header><a href="/">网站首页</a></header><nav><a>导航一</a><a>导航二</a><a>导航三</a></nav>
      <div id="wrapper"><div class="col-left"><ul><li><a>链接一</a></li><li><a>链接二</a></li><li><a>链接三</a></li></ul></div>
      <div class="col-main"><p>一、总体要求</p><p>到2015年，电子商务交易额突破6000亿元，网络零售额达到500亿元以上。</p><p>二、主要任务</p></div></div>
      <footer>版权所有</footer><div class="bottom">地址：某某路1号</div><noscript>请开启脚本</noscript></body></html>`;
    const r = readDocument(utf8(page), 'page.htm');
    expect(r.text).toBe(
      '一、总体要求\n到2015年，电子商务交易额突破6000亿元，网络零售额达到500亿元以上。\n二、主要任务',
    );
  });

  describe.skipIf(!haveCorpus && !process.env.CI)('the corpus pages (../shared/corpus)', () => {
    for (const base of ['09_state-council-ftz-measures', '10_state-council-innovation-reforms-table']) {
      it(`${base}.html yields the article text of ${base}.txt, in order`, () => {
        const r = readDocument(bytesOf(join(corpusDir, `${base}.html`)), `${base}.html`);
        expect(r.format).toBe('html');
        expectNoErrors(r);
        const txt = readFileSync(join(corpusDir, `${base}.txt`), 'utf8');
        const got = squeeze(r.text);
        let from = 0;
        for (const line of lines(txt).map(squeeze)) {
          const at = got.indexOf(line, from);
          expect(at, `line not found in order: ${line}`).toBeGreaterThanOrEqual(0);
          from = at + line.length;
        }
        expect(got.length).toBeLessThanOrEqual(squeeze(txt).length);
      });
    }

    it('the importer finds the same plan in each page as in its hand-stripped .txt', () => {
      for (const base of ['09_state-council-ftz-measures', '10_state-council-innovation-reforms-table']) {
        const page = parsePlan(readDocument(bytesOf(join(corpusDir, `${base}.html`))).text);
        const txt = parsePlan(readFileSync(join(corpusDir, `${base}.txt`), 'utf8'));
        const expected = JSON.parse(readFileSync(join(corpusDir, `${base}.expected.json`), 'utf8')) as {
          lead_units: string[];
        };
        const sorted = (xs: string[]): string[] => [...xs].sort();
        expect(sorted(page.units), base).toEqual(sorted(txt.units));
        expect(sorted(page.units), base).toEqual(sorted(expected.lead_units));
        expect(sorted(page.supportUnits), base).toEqual(sorted(txt.supportUnits));
        expect(page.title, base).toBe(txt.title);
        expect(
          page.nodes.map((n) => [n.label, n.title]),
          base,
        ).toEqual(txt.nodes.map((n) => [n.label, n.title]));
        expect(
          page.targets.map((t) => [t.comparator, t.value, t.unit]),
          base,
        ).toEqual(txt.targets.map((t) => [t.comparator, t.value, t.unit]));
      }
    });

    it('10: the annex table keeps one cell per line and rows apart', () => {
      const r = readDocument(bytesOf(join(corpusDir, '10_state-council-innovation-reforms-table.html')));
      expect(r.text).toContain('\n\n1\n知识产权民事、刑事、行政案件“三合一”审判\n');
      expect(r.text).toContain('\n最高人民法院、最高人民检察院、国家知识产权局\n全国\n\n2\n');
    });

    it('09 inside a whole page with navigation and footer reads the same as the bare article', () => {
      const article = readFileSync(join(corpusDir, '09_state-council-ftz-measures.html'), 'utf8');
      const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>国务院关于支持自由贸易试验区深化改革创新若干措施的通知_政府信息公开专栏</title>
        <script>document.write("统计代码")</script></head><body>
        <div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zhengce/">政策</a></li><li><a href="/hudong/">互动</a></li><li><a href="/fuwu/">服务</a></li></ul></div>
        <div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zhengce/">政策</a> &gt; 国务院文件</div>
        <table class="wrap"><tr><td><table width="100%">${article}</table></td></tr></table>
        <div class="footer">版权所有：中国政府网 | 网站地图 | 京ICP备05070218号</div></body></html>`;
      const bare = readDocument(utf8(article)).text;
      const r = readDocument(utf8(page), 'content_5338451.htm');
      expect(r.text).toBe(bare);
      for (const word of CHROME) expect(r.text).not.toContain(word);
    });
  });
});

describe('readDocument: Word documents (.docx)', () => {
  for (const name of names) {
    it(`${name}.docx: one line per paragraph`, () => {
      const r = read(`${name}.docx`);
      expect(r.format).toBe('docx');
      expect(r.encoding).toBeNull();
      expectNoErrors(r);
      expect(lines(r.text)).toEqual(paragraphs(originals[name]));
    });
  }

  it('writes out automatic list numbering and keeps a division-of-labour table one cell per line', () => {
    const r = read('numbered-with-table.docx');
    expectNoErrors(r);
    expect(r.text).toBe(
      [
        '某市推进数字经济发展实施方案（2024—2026年）',
        '一、总体要求',
        '（一）到2026年，数字经济核心产业增加值突破1000亿元。',
        '二、主要任务',
        '（一）夯实数字基础设施。',
        '1.建设千兆光网。（牵头单位：市经信局；配合单位：市通信管理办）',
        '2.推进5G基站建设。（市经信局牵头，各区县政府配合）',
        '①城区全覆盖。',
        '②乡镇全覆盖。',
        '（二）培育数字产业。',
        '1.引进龙头企业。（责任单位：市商务局、市投促局）',
        '三、保障措施',
        '附件：任务分工表',
        '',
        '序号\n工作任务\n牵头单位\n配合单位',
        '',
        '1\n建设千兆光网\n市经信局\n市通信管理办',
        '',
        '2\n推进5G基站建设 （含室内分布系统）\n市经信局\n各区县政府、市住建局',
        '',
        '3\n引进龙头企业\n市商务局',
      ].join('\n'),
    );
  });

  it('numbers headings through their paragraph style, and lets a paragraph switch numbering off', () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const p = (text: string, pPr = ''): string =>
      `<w:p><w:pPr>${pPr}</w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
    const styled = (style: string, text: string, extra = ''): string =>
      p(text, `<w:pStyle w:val="${style}"/>${extra}`);
    const lvl = (i: number, fmt: string, text: string, style: string): string =>
      `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:pStyle w:val="${style}"/><w:lvlText w:val="${text}"/></w:lvl>`;
    const docx = zipSync({
      'word/document.xml': utf8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>` +
          styled('H1', '总体要求') +
          styled('H2', '指导思想。') +
          styled('H2', '发展目标。') +
          styled('H1', '主要任务') +
          styled('PlanH2', '强化示范城市创建。') +
          styled('H2', '不编号的段落', '<w:numPr><w:numId w:val="0"/></w:numPr>') +
          '<w:p><w:r><w:t>正文段落</w:t><w:tab/><w:t>含制表符</w:t></w:r></w:p>' +
          '<w:sectPr/></w:body></w:document>',
      ),
      'word/styles.xml': utf8(
        `<w:styles ${W}><w:style w:type="paragraph" w:styleId="Normal"/>` +
          '<w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>' +
          '<w:style w:type="paragraph" w:styleId="H2"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>' +
          '<w:style w:type="paragraph" w:styleId="PlanH2"><w:basedOn w:val="H2"/></w:style></w:styles>',
      ),
      'word/numbering.xml': utf8(
        `<w:numbering ${W}><w:abstractNum w:abstractNumId="3">${lvl(0, 'chineseCountingThousand', '%1、', 'H1')}${lvl(1, 'chineseCounting', '（%2）', 'H2')}</w:abstractNum>` +
          '<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>',
      ),
    });
    const r = readDocument(docx, 'plan.docx');
    expectNoErrors(r);
    expect(r.text).toBe(
      [
        '一、总体要求',
        '（一）指导思想。',
        '（二）发展目标。',
        '二、主要任务',
        '（一）强化示范城市创建。',
        '不编号的段落',
        '正文段落\t含制表符',
      ].join('\n'),
    );
  });

  it('knows a .docx by its content whatever its name', () => {
    const r = readDocument(bytesOf(join(readers, 'chengdu.docx')), 'plan.txt');
    expect(r.format).toBe('docx');
    expect(lines(r.text)).toEqual(paragraphs(originals.chengdu));
  });
});

describe('readDocument: input it cannot read gives diagnostics, never an exception', () => {
  const codes = (r: ReadDocumentResult): string[] => r.diagnostics.map((d) => `${d.severity}:${d.code}`);

  it('an empty file', () => {
    const r = readDocument(new Uint8Array(0), 'plan.docx');
    expect(r.text).toBe('');
    expect(codes(r)).toEqual(['error:EMPTY_DOCUMENT']);
  });

  it('a .docx that is not a zip at all', () => {
    const r = readDocument(
      new Uint8Array([0x00, 0x01, 0x02, 0xfe, 0x00, 0x9c, 0x00, 0x00, 0x11, 0x12, 0x00]),
      'plan.docx',
    );
    expect(r.text).toBe('');
    expect(codes(r)).toEqual(['error:BINARY_DOCUMENT']);
  });

  it('a damaged zip', () => {
    const docx = bytesOf(join(readers, 'chengdu.docx'));
    const r = readDocument(docx.subarray(0, docx.length >> 1), 'plan.docx');
    expect(r.format).toBe('docx');
    expect(codes(r)).toEqual(['error:DOCX_INVALID_ZIP']);
  });

  it('a zip that is not a Word document', () => {
    const zip = zipSync({ 'xl/workbook.xml': utf8('<workbook/>') });
    expect(codes(readDocument(zip, 'plan.docx'))).toEqual(['error:DOCX_NO_DOCUMENT']);
  });

  it('a plain-text file named .docx is read as text, with a warning', () => {
    const r = readDocument(utf8('一、总体要求'), 'plan.docx');
    expect(r.format).toBe('txt');
    expect(r.text).toBe('一、总体要求');
    expect(codes(r)).toEqual(['warning:FORMAT_MISMATCH']);
  });

  it('PDF and old Word files are named for what they are', () => {
    expect(codes(readDocument(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'plan.pdf'))).toEqual([
      'error:UNSUPPORTED_FORMAT',
    ]);
    expect(
      codes(readDocument(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'plan.doc')),
    ).toEqual(['error:UNSUPPORTED_FORMAT']);
  });

  it('an image', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(codes(readDocument(png, 'plan.txt'))).toEqual(['error:BINARY_DOCUMENT']);
  });

  it('a page with no text', () => {
    expect(codes(readDocument(utf8('<html><body><script>x()</script></body></html>'), 'a.html'))).toEqual([
      'error:NO_TEXT',
    ]);
  });

  it('every message is given in Chinese and in English', () => {
    const inputs = [
      new Uint8Array(0),
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      utf8('%PDF-1.4'),
      utf8('x'),
      new Uint8Array([0, 0, 0, 1]),
    ];
    for (const bytes of inputs) {
      for (const d of readDocument(bytes, 'f.docx').diagnostics) {
        expect(d.message.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(d.message.en).toMatch(/^[\x20-\x7e]+$/);
      }
    }
  });
});
