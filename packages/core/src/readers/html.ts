import type { Diagnostic } from '../types.js';
import { encodingFromLabel } from './decode-text.js';
import type { TextEncoding } from './read-document.js';
import { parseMarkup, textOf, type MarkupElement, type MarkupNode } from './markup-tree.js';

/** Elements that never hold the article's text. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'svg',
  'math',
  'object',
  'embed',
  'canvas',
  'select',
  'option',
  'button',
  'input',
  'textarea',
  'head',
  'nav',
  'aside',
  'map',
  'audio',
  'video',
]);

/** Dropped elements, and anything the page hides (share widgets, print-only copies, templates for scripts). */
function isDropped(el: MarkupElement): boolean {
  if (DROPPED.has(el.name) || 'hidden' in el.attribs) return true;
  const style = el.attribs['style'];
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Elements that start and end a line. Everything else (span, font, b, a, o:p …) flows inline. */
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'address',
  'center',
  'figure',
  'figcaption',
  'form',
  'fieldset',
  'legend',
  'hr',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'title',
  'body',
  'html',
]);

/** Elements the article search may descend into: frames around content, not content itself. */
const CONTAINER = new Set([
  'div',
  'section',
  'article',
  'main',
  'table',
  'tbody',
  'thead',
  'tr',
  'td',
  'center',
  'form',
  'span',
  'font',
]);

/** Containers that government sites (gov.cn's UCAP, TRS, the common CMSs) use for the article body. */
const ARTICLE_ID_OR_CLASS =
  /^(ucap-content|zoom|fontzoom|article|article-content|articlecontent|art_con|content|contents|main-content|maincontent|news_content|newscontent|pages_content|pages-content|con_text|trs_editor|trs_auto_add_id|trs_ueditor|view|text|textcontent|wzcon|detail|detail-content|xxgk_content|zwgk_content|bt_content)$/i;

/** Class or id words of page chrome: site header, navigation, breadcrumbs, sharing, footer. */
const CHROME_WORD =
  /(^|[\s_-])(nav|navbar|navigation|menu|menus|footer|foot|bottom|copyright|breadcrumb|breadcrumbs|crumb|crumbs|position|location|dqwz|sidebar|share|fenxiang|bdshare|print|gotop|toolbar|topbar|login|search|friendlink|links|qrcode|ewm|banner|header)([\s_-]|$)/i;
const TITLE_WORD = /(^|[\s_-])(title|tit|bt|headline|article-title|h1)([\s_-]|$)/i;

function classAndId(el: MarkupElement): string {
  return `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`;
}

function visibleChars(s: string): number {
  return s.replace(/[\s\u00a0\u3000]+/g, '').length;
}

/** Per-element counts of visible characters, all and inside links, computed once. */
class TextStats {
  private readonly all = new Map<MarkupElement, number>();
  private readonly link = new Map<MarkupElement, number>();

  constructor(root: MarkupElement) {
    this.visit(root, false);
  }

  private visit(el: MarkupElement, inLink: boolean): [number, number] {
    const linkHere = inLink || el.name === 'a';
    let all = 0;
    let link = 0;
    if (!isDropped(el)) {
      for (const c of el.children) {
        if (typeof c === 'string') {
          const n = visibleChars(c);
          all += n;
          if (linkHere) link += n;
        } else {
          const [a, l] = this.visit(c, linkHere);
          all += a;
          link += l;
        }
      }
    }
    this.all.set(el, all);
    this.link.set(el, link);
    return [all, link];
  }

  text(el: MarkupElement): number {
    return this.all.get(el) ?? 0;
  }

  plain(el: MarkupElement): number {
    return (this.all.get(el) ?? 0) - (this.link.get(el) ?? 0);
  }

  linkDensity(el: MarkupElement): number {
    const a = this.all.get(el) ?? 0;
    return a === 0 ? 0 : (this.link.get(el) ?? 0) / a;
  }
}

function* elements(root: MarkupElement): Generator<MarkupElement> {
  for (const c of root.children) {
    if (typeof c === 'string' || isDropped(c)) continue;
    yield c;
    yield* elements(c);
  }
}

function findFirst(root: MarkupElement, name: string): MarkupElement | null {
  for (const el of elements(root)) if (el.name === name) return el;
  return null;
}

/** Page chrome: navigation, header, footer, breadcrumbs — by tag, by class/id words, or by being mostly links. */
function isChrome(el: MarkupElement, stats: TextStats): boolean {
  if (el.name === 'footer' || el.name === 'header') return true;
  const words = classAndId(el);
  if (TITLE_WORD.test(words) && !CHROME_WORD.test(words)) return false;
  if (CHROME_WORD.test(words)) return true;
  const links = countLinks(el);
  return links >= 3 && stats.text(el) >= 10 && stats.linkDensity(el) >= 0.6;
}

function countLinks(el: MarkupElement): number {
  let n = 0;
  for (const d of elements(el)) if (d.name === 'a') n++;
  return n;
}

/**
 * The element holding the article: a known article container when one holds a fair share of the page's text;
 * otherwise descend from the body while one child (not page chrome) holds most of the plain (non-link) text.
 */
function findArticle(body: MarkupElement, stats: TextStats): { article: MarkupElement; known: boolean } {
  const total = stats.plain(body);
  let best: MarkupElement | null = null;
  for (const el of elements(body)) {
    const known =
      el.name === 'article' ||
      ARTICLE_ID_OR_CLASS.test(el.attribs['id'] ?? '') ||
      (el.attribs['class'] ?? '').split(/\s+/).some((c) => ARTICLE_ID_OR_CLASS.test(c));
    if (!known) continue;
    if (stats.plain(el) >= Math.max(20, total * 0.3) && (!best || stats.plain(el) > stats.plain(best)))
      best = el;
  }
  if (best) return { article: best, known: true };
  let node = body;
  for (;;) {
    // Page chrome does not count: on a short page the footer's address would outweigh a share of the article.
    let here = stats.plain(node);
    for (const c of node.children)
      if (typeof c !== 'string' && !isDropped(c) && isChrome(c, stats)) here -= stats.plain(c);
    let next: MarkupElement | null = null;
    for (const c of node.children) {
      if (typeof c === 'string' || !CONTAINER.has(c.name) || isChrome(c, stats)) continue;
      // A data table is content (a division-of-labour table), never the frame around it.
      if (c.name === 'table' && isDataTable(tableRows(c))) continue;
      if (stats.plain(c) >= here * 0.85) next = c;
    }
    if (!next) return { article: node, known: false };
    node = next;
  }
}

function isHeadingLike(el: MarkupElement): boolean {
  return /^h[1-3]$/.test(el.name) || TITLE_WORD.test(classAndId(el));
}

/**
 * Many sites put the article's title in its own element before the body container; it is the plan's title,
 * so bring it back: the closest heading-like element before the article, up to three levels out.
 */
function findDetachedTitle(article: MarkupElement, stats: TextStats): string | null {
  for (const el of elements(article)) if (isHeadingLike(el)) return null;
  let child: MarkupElement = article;
  for (let level = 0; level < 3 && child.parent; level++) {
    const parent: MarkupElement = child.parent;
    const before = parent.children.slice(0, parent.children.indexOf(child));
    for (let i = before.length - 1; i >= 0; i--) {
      const sib = before[i];
      if (sib === undefined || typeof sib === 'string' || isDropped(sib) || isChrome(sib, stats)) continue;
      const candidates = [sib, ...elements(sib)].filter(isHeadingLike);
      for (const h of candidates.reverse()) {
        const t = textOf(h).replace(/\s+/g, ' ').trim();
        if (visibleChars(t) >= 4 && t.length <= 200) return t;
      }
    }
    child = parent;
  }
  return null;
}

/** Accumulates lines: block boundaries become line breaks, HTML whitespace collapses, the ideographic space U+3000 is kept. */
class LineWriter {
  readonly lines: string[] = [];
  private current = '';

  text(s: string, preformatted: boolean): void {
    if (preformatted) {
      const parts = s.split('\n');
      parts.forEach((p, i) => {
        if (i > 0) this.breakLine();
        this.current += p;
      });
      return;
    }
    this.current += s.replace(/[ \t\n\r\f\u00a0]+/g, ' ');
  }

  breakLine(): void {
    const line = this.current.replace(/^[ \t\u00a0]+|[ \t\u00a0]+$/g, '');
    this.current = '';
    if (line !== '') this.lines.push(line);
  }

  blankLine(): void {
    this.breakLine();
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  result(): string {
    this.breakLine();
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.join('\n');
  }
}

function tableRows(table: MarkupElement): MarkupElement[][] {
  const rows: MarkupElement[][] = [];
  const visit = (el: MarkupElement): void => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (c.name === 'tr')
        rows.push(
          c.children.filter(
            (x): x is MarkupElement => typeof x !== 'string' && (x.name === 'td' || x.name === 'th'),
          ),
        );
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') visit(c);
    }
  };
  visit(table);
  return rows;
}

/**
 * A table of data (rows × columns, such as a division-of-labour table), as opposed to one used to lay the page
 * out: old government pages frame header, side bar and article in table cells, and a frame cell holds a nested
 * table, many blocks or a long text.
 */
function isDataTable(rows: MarkupElement[][]): boolean {
  if (rows.length < 2 || Math.max(...rows.map((r) => r.length)) < 2) return false;
  return rows.every((row) => row.every((cell) => !isFrameCell(cell)));
}

function isFrameCell(cell: MarkupElement): boolean {
  let blocks = 0;
  let chars = 0;
  for (const el of elements(cell)) {
    if (el.name === 'table') return true;
    if (el.name === 'p' || el.name === 'div' || /^h[1-6]$/.test(el.name) || el.name === 'li') blocks++;
  }
  for (const t of textNodes(cell)) chars += visibleChars(t);
  return blocks > 6 || chars > 1500;
}

function* textNodes(el: MarkupElement): Generator<string> {
  for (const c of el.children) {
    if (typeof c === 'string') yield c;
    else if (!isDropped(c)) yield* textNodes(c);
  }
}

function render(node: MarkupNode, out: LineWriter, skip: (el: MarkupElement) => boolean, pre = false): void {
  if (typeof node === 'string') {
    out.text(node, pre);
    return;
  }
  if (isDropped(node) || skip(node)) return;
  if (node.name === 'br') {
    out.breakLine();
    return;
  }
  if (node.name === 'table') {
    const rows = tableRows(node);
    if (isDataTable(rows)) {
      renderDataTable(rows, out, skip);
      return;
    }
  }
  const block = BLOCK.has(node.name);
  if (block) out.breakLine();
  for (const c of node.children) render(c, out, skip, pre || node.name === 'pre');
  if (block) out.breakLine();
}

/** One cell per line and a blank line after each row, so a division-of-labour table keeps its shape. */
function renderDataTable(
  rows: MarkupElement[][],
  out: LineWriter,
  skip: (el: MarkupElement) => boolean,
): void {
  out.blankLine();
  for (const row of rows) {
    for (const cell of row) {
      if (findFirst(cell, 'table')) {
        render(cell, out, skip);
        continue;
      }
      const inner = new LineWriter();
      render(cell, inner, skip);
      const text = inner
        .result()
        .split('\n')
        .filter((l) => l !== '')
        .join(' ');
      out.text(text, false);
      out.breakLine();
    }
    out.blankLine();
  }
}

/** The charset a page declares in its first bytes (`<meta charset=gbk>` or the http-equiv form), if any. */
export function declaredCharset(bytes: Uint8Array): TextEncoding | null {
  const head = String.fromCharCode(...bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  const declared = m?.[1] ? encodingFromLabel(m[1]) : null;
  // As in browsers: bytes that <meta> can be read from are not UTF-16, whatever the page says.
  return declared === 'utf-16le' || declared === 'utf-16be' ? null : declared;
}

/** True when text looks like HTML markup rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^[\s\uFEFF]+/, '');
  if (
    /^<(!doctype\s+html|html|head|body|meta|title|div|p|table|tbody|tr|td|span|section|article|h[1-6]|br|font|center|!--)[\s>/]/i.test(
      head,
    )
  )
    return true;
  const tags = head.match(/<\/?(p|div|br|table|tr|td|span|body|html)\b[^>]*>/gi);
  return head.startsWith('<') && (tags?.length ?? 0) >= 3;
}

/**
 * A government web page → the article's text: navigation, headers, footers and scripts dropped; block
 * elements become lines; data tables become one cell per line with a blank line between rows.
 */
export function htmlToText(html: string): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const root = parseMarkup(html, false);
  const body = findFirst(root, 'body') ?? root;
  const stats = new TextStats(root);
  const { article, known } = findArticle(body, stats);
  const title = findDetachedTitle(article, stats);
  const out = new LineWriter();
  if (title) {
    out.text(title, false);
    out.breakLine();
  }
  // Inside a recognised article nothing is chrome; elsewhere drop what looks like page furniture.
  const skip = known
    ? (): boolean => false
    : (el: MarkupElement): boolean => el !== article && isChrome(el, stats);
  render(article, out, skip);
  const text = out.result();
  return { text, diagnostics };
}
