#!/usr/bin/env node
// Regenerates the reader fixtures in packages/core/fixtures/readers/ from two UTF-8 plans: the Chengdu demo
// plan and a corpus document (江西 普通高中育人方式改革). The outputs are committed, so tests and CI never need
// this script; run it (`node scripts/make-fixtures.mjs`) only to change them. GBK needs the system `iconv`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AlignmentType,
  Document,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'packages/core/fixtures');
const out = join(fixtures, 'readers');

const sources = {
  chengdu: readFileSync(join(fixtures, 'chengdu-ecommerce-plan-2013-2015.txt'), 'utf8'),
  'jiangxi-high-school-reform': readFileSync(join(out, 'jiangxi-high-school-reform.txt'), 'utf8'),
};

/**
 * Paragraphs as a person sees them: lines, and within a line the runs separated by full-width spaces.
 * @param {string} text
 * @returns {string[]}
 */
function paragraphs(text) {
  return text
    .split(/\n|\u3000{2,}/)
    .map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((p) => p !== '');
}

/** @type {(s: string) => string} */
const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A government web page: site header, navigation, breadcrumbs, side list, share bar, footer and scripts. */
function governmentPage({ site, title, body, charsetMeta, articleClass }) {
  const nav = ['首页', '政务公开', '政策文件', '政务服务', '互动交流', '走进' + site.slice(0, 2)]
    .map((t, i) => `<li><a href="/col${i}/">${t}</a></li>`)
    .join('');
  const side = [
    '关于印发工作要点的通知',
    '关于进一步优化营商环境的意见',
    '政策解读：一图读懂',
    '关于开展专项督查的通知',
    '年度工作总结',
  ]
    .map((t, i) => `<li><a href="/doc/${i}.html">${t}</a><span>2013-0${i + 1}-15</span></li>`)
    .join('\n      ');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
${charsetMeta}
<title>${escapeHtml(title)}_${site}</title>
<link rel="stylesheet" href="/css/main.css">
<style>.nav li { float: left; } .content p { text-indent: 2em; }</style>
<script>var _hmt = _hmt || []; document.write('<div>统计代码</div>');</script>
</head>
<body>
<div class="header">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="${site}"></a>${site}</div>
  <div class="search"><form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
  <ul class="nav">${nav}</ul>
</div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="main">
  <div class="side-list">
    <h3>相关文件</h3>
    <ul>
      ${side}
    </ul>
  </div>
  <div class="detail-box">
    <h1 class="art-title">${escapeHtml(title)}</h1>
    <div class="art-info">发布时间：2013-08-20 来源：${site}办公厅 字号：[大 中 小]</div>
    <div class="${articleClass}">
${body}
    </div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
    <div class="print-close"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
  </div>
</div>
<div class="footer">
  <p>主办：${site}办公厅 &nbsp; 版权所有 &copy; 2013 &nbsp; 网站标识码 5101000001</p>
  <p>蜀ICP备05003385号 &nbsp; 联系我们 | 网站地图</p>
</div>
<script src="/js/share.js"></script>
<script>window.onload = function () { console.log("页面加载完成"); };</script>
</body>
</html>
`;
}

function gbk(text) {
  return execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text, 'utf8') });
}

function utf16(text, bigEndian) {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (!bigEndian) return le;
  const be = Buffer.from(le);
  for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
  return be;
}

/**
 * @param {string[]} paras
 * @returns {Promise<Buffer>}
 */
async function docxOf(paras) {
  const doc = new Document({
    sections: [
      {
        children: paras.map(
          (p, i) =>
            new Paragraph({
              children: [new TextRun(p)],
              alignment: i === 0 ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
            }),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * A plan whose numbering is Word's automatic list numbering (the labels are not in the text runs) and whose
 * units come in a division-of-labour table (任务分工表), as secretariats often write them.
 */
/** @returns {Promise<Buffer>} */
async function numberedDocx() {
  const cell = (t) => new TableCell({ children: t.split('\n').map((line) => new Paragraph(line)) });
  const row = (cells) => new TableRow({ children: cells.map(cell) });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'plan',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.CHINESE_COUNTING, text: '（%2）', alignment: AlignmentType.LEFT },
            { level: 2, format: LevelFormat.DECIMAL, text: '%3.', alignment: AlignmentType.LEFT },
            {
              level: 3,
              format: LevelFormat.DECIMAL_ENCLOSED_CIRCLE,
              text: '%4',
              alignment: AlignmentType.LEFT,
            },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({
            children: [new TextRun({ text: '某市推进数字经济发展实施方案（2024—2026年）', bold: true })],
            alignment: AlignmentType.CENTER,
          }),
          new Paragraph({ text: '总体要求', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph({
            text: '到2026年，数字经济核心产业增加值突破1000亿元。',
            numbering: { reference: 'plan', level: 1 },
          }),
          new Paragraph({ text: '主要任务', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph({ text: '夯实数字基础设施。', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({
            text: '建设千兆光网。（牵头单位：市经信局；配合单位：市通信管理办）',
            numbering: { reference: 'plan', level: 2 },
          }),
          new Paragraph({
            text: '推进5G基站建设。（市经信局牵头，各区县政府配合）',
            numbering: { reference: 'plan', level: 2 },
          }),
          new Paragraph({ text: '城区全覆盖。', numbering: { reference: 'plan', level: 3 } }),
          new Paragraph({ text: '乡镇全覆盖。', numbering: { reference: 'plan', level: 3 } }),
          new Paragraph({ text: '培育数字产业。', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({
            text: '引进龙头企业。（责任单位：市商务局、市投促局）',
            numbering: { reference: 'plan', level: 2 },
          }),
          new Paragraph({ text: '保障措施', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph('附件：任务分工表'),
          new Table({
            rows: [
              row(['序号', '工作任务', '牵头单位', '配合单位']),
              row(['1', '建设千兆光网', '市经信局', '市通信管理办']),
              row(['2', '推进5G基站建设\n（含室内分布系统）', '市经信局', '各区县政府、市住建局']),
              row(['3', '引进龙头企业', '市商务局', '']),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** @param {string[]} paras */
function pageBody(paras) {
  return paras.map((p) => `      <p style="text-indent: 2em;">${escapeHtml(p)}</p>`).join('\n');
}

for (const [name, text] of Object.entries(sources)) {
  const paras = paragraphs(text);
  const [title = '', ...rest] = paras;
  writeFileSync(
    join(out, `${name}.utf8-bom.txt`),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
  );
  writeFileSync(join(out, `${name}.gbk.txt`), gbk(text));
  writeFileSync(join(out, `${name}.utf16le.txt`), utf16(text, false));
  writeFileSync(join(out, `${name}.utf16be.txt`), utf16(text, true));
  const site = name === 'chengdu' ? '成都市人民政府' : '江西省人民政府';
  // The article container's class is one the reader knows (content) for one page and an unknown one for the
  // other, so both ways of finding the article are exercised.
  const articleClass = name === 'chengdu' ? 'content' : 'wz-zw';
  writeFileSync(
    join(out, `${name}.html`),
    governmentPage({
      site,
      title,
      body: pageBody(rest),
      charsetMeta: '<meta charset="utf-8">',
      articleClass,
    }),
  );
  const gbkPage = governmentPage({
    site,
    title,
    body: pageBody(rest),
    charsetMeta: '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    articleClass,
  });
  writeFileSync(join(out, `${name}.gbk.html`), gbk(gbkPage));
  writeFileSync(join(out, `${name}.docx`), await docxOf(paras));
}
writeFileSync(join(out, 'numbered-with-table.docx'), await numberedDocx());
console.log(`fixtures written to ${out}`);
