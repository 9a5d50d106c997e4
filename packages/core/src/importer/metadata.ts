/**
 * A plan's metadata: title, issuer, its own document number and the documents it cites (its period: period.ts).
 */
import { execNearAnchors, isRegExpSpaceCode, normalizeTitle, type Paragraph } from './text-util.js';
import { matchLabel } from './structure.js';

/** How a document title ends: 方案, 意见, 通知 … optionally followed by a bracketed period or edition. */
const TITLE_END =
  /(方案|意见|通知|措施|计划|规划|办法|报告|决定|举措|要点|细则|纲要|清单|条例|规定|通告|公告|批复|指南|行动|政策|安排|标准|制度|函|通报|预案|分工)(?:[（(][^（）()]{1,20}[）)])?$/;
/** How a whole document's title ends (a line ending in 制度 or 标准 may still continue on the next). */
const STRONG_END =
  /(方案|意见|通知|措施|计划|规划|办法|报告|决定|举措|要点|细则|纲要|条例|规定|通告|公告|批复|函|通报|预案)(?:[（(][^（）()]{1,20}[）)])?$/;
/** "国发 〔2011〕 35 号" printed on the title's own line. */
const TRAILING_NUMBER =
  /[\s\u3000]*[\u4e00-\u9fa5]{1,10}[\s\u3000]*[〔［[][\s\u3000]*\d{4}[\s\u3000]*[〕］\]][\s\u3000]*第?\d{1,5}[\s\u3000]*号$/;

/** Punctuation that no piece of a title holds. */
const TITLE_PIECE_STOP = /[。，：；:]/;
/** The document's date standing alone on its line: "2020年2月12日". */
export const DATE_LINE = /^(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;

/** A short line that can be one piece of a title broken over several lines. */
function titlePiece(t: string): boolean {
  return (
    t.length > 0 &&
    t.length <= 40 &&
    !TITLE_PIECE_STOP.test(t) &&
    !matchLabel(t) &&
    findDocNumbers(t).length === 0
  );
}

/**
 * A document number: 赣府厅发〔2020〕7号, 发改办高技〔2013〕894号, 国发〔2019〕11号. The year bracket is found first
 * and the issuer code read backwards from it: a pattern that starts with the code would be tried at every
 * Chinese character of the input.
 */
export const DOC_NUMBER_TAIL = /[〔［[]\s*(\d{4})\s*[〕］\]]\s*第?\s*(\d{1,5})\s*号/g;
/** Words that precede a document number in prose but are not part of it. */
const DOC_NUMBER_LEAD = /^.*?(?:按照|根据|依据|参照|执行|落实|贯彻|印发|见|和|及|与|、)/;

export interface TitleInfo {
  title: string;
  /** The title as written, blanks kept (they separate the issuers of a joint document). */
  raw?: string;
  /** Index of the (last) paragraph that holds the title, or -1. */
  index: number;
  /** The document's own number when it is glued to the title or stands right below it. */
  documentNumber: string | null;
}

function cleanDocPrefix(prefix: string): string {
  const m = DOC_NUMBER_LEAD.exec(prefix);
  let p = m && m[0].length < prefix.length ? prefix.slice(m[0].length) : prefix;
  // A title glued to its number: "…的指导意见国办发" → "国办发".
  const t = /^.*(?:意见|通知|方案|措施|计划|规划|办法|报告|决定|纲要|的)/.exec(p);
  if (t && t[0].length < p.length) p = p.slice(t[0].length);
  return p;
}

/** Document numbers cited in `s`, cleaned of leading prose words. */
export function findDocNumbers(s: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  // The matches of DOC_NUMBER_TAIL, in order: each ends at a 号 (a rare character, found by indexOf) and holds no
  // other, so each 号 ends one match at most, read backwards from it.
  for (let h = s.indexOf('号'); h >= 0; h = s.indexOf('号', h + 1)) {
    const at = docNumberTailBefore(s, h);
    if (at < 0) continue;
    let b = at;
    while (b > 0 && at - b < 12 && isHan(s.charCodeAt(b - 1))) b--;
    if (b === at) continue;
    const prefix = cleanDocPrefix(s.slice(b, at));
    const text = (prefix + s.slice(at, h + 1)).replace(/\s+/g, '');
    out.push({ text, index: at - prefix.length });
  }
  return out;
}

/**
 * Where the match of DOC_NUMBER_TAIL that ends with the 号 at `h` starts, or -1: its parts read backwards (blanks,
 * the number, blanks, 第, blanks, the closing bracket, blanks, the four digits of the year, blanks, the opening
 * bracket). Each part is a maximal run, as the pattern reads it forwards: a run of digits one too long for its
 * part matches nowhere.
 */
export function docNumberTailBefore(s: string, h: number): number {
  let k = skipSpacesBack(s, h);
  const numberEnd = k;
  while (k > 0 && isAsciiDigit(s.charCodeAt(k - 1))) k--;
  if (numberEnd - k < 1 || numberEnd - k > 5) return -1;
  k = skipSpacesBack(s, k);
  if (s.charCodeAt(k - 1) === 0x7b2c /* 第 */) k = skipSpacesBack(s, k - 1);
  const close = s.charCodeAt(k - 1);
  if (close !== 0x3015 /* 〕 */ && close !== 0xff3d /* ］ */ && close !== 0x5d /* ] */) return -1;
  k = skipSpacesBack(s, k - 1);
  const yearEnd = k;
  while (k > 0 && isAsciiDigit(s.charCodeAt(k - 1))) k--;
  if (yearEnd - k !== 4) return -1;
  k = skipSpacesBack(s, k);
  const open = s.charCodeAt(k - 1);
  return open === 0x3014 /* 〔 */ || open === 0xff3b /* ［ */ || open === 0x5b /* [ */ ? k - 1 : -1;
}

/** The offset after the blanks (`\s` of a regular expression) that end at `k`. */
function skipSpacesBack(s: string, k: number): number {
  while (k > 0 && isRegExpSpaceCode(s.charCodeAt(k - 1))) k--;
  return k;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fa5;
}

/**
 * Finds the title among the first paragraphs: the first that ends like a document title (page furniture such as
 * "下载 打印" comes before it in scraped pages), joined with the line before it when a web page broke the title
 * in two. A title glued to its document number ("…的指导意见国办发〔2014〕25号各省…") is cut at the number.
 */
export function findTitle(paras: readonly Paragraph[]): TitleInfo {
  const limit = Math.min(paras.length, 15);
  for (let i = 0; i < limit; i++) {
    const p = paras[i]!;
    // The title stands before the first numbered item.
    if (matchLabel(p.text)) break;
    if (i === 0) {
      const glued = titleBeforeBlank(p.text);
      if (glued) return { title: glued.replace(/\s+/g, ''), raw: glued, index: 0, documentNumber: null };
    }
    // Title, number and addressees glued on one line: "…的指导意见国办发〔2014〕25号各省…：". Cut at the number.
    const first = findDocNumbers(p.text.slice(0, 200))[0];
    if (first && first.index > 0 && !/^[（(]/.test(p.text)) {
      const rawHead = p.text.slice(0, first.index + first.text.length);
      const m =
        /^(.{4,}?(?:方案|意见|通知|措施|计划|规划|办法|报告|决定|举措|要点|细则|纲要))(?:[^，。：；]{1,12})?〔/.exec(
          rawHead,
        );
      if (m && !/[，。；：]/.test(m[1] ?? '')) {
        const title = (m[1] ?? '').trim();
        const docText = rawHead.slice(title.length).replace(/\s+/g, '');
        return { title, index: i, documentNumber: docText };
      }
    }
    if (p.text.length > 120) continue;
    // TRAILING_NUMBER ends the line with 号; tried elsewhere it would start at every character of the line.
    const own = p.text.endsWith('号') ? TRAILING_NUMBER.exec(p.text) : null;
    const line = own ? p.text.slice(0, own.index) : p.text;
    if (TITLE_END.test(line) && !/[。；]/.test(line)) {
      let title = line;
      // A title broken over lines: back to the line that says 关于/印发/转发 (and the issuer line before a
      // 转发), forward while a weak ending ("…记录制度") continues to a document's ending ("…的指导意见").
      if (!/关于|印发|转发/.test(line)) {
        for (let k = i - 1; k >= Math.max(0, i - 3) && titlePiece(paras[k]!.text); k--) {
          if (/关于|印发|转发/.test(paras[k]!.text)) {
            title =
              paras
                .slice(k, i)
                .map((x) => x.text)
                .join('') + title;
            const before = k > 0 ? paras[k - 1]!.text : '';
            if (!/^(关于|印发|转发)/.test(paras[k]!.text) || !titlePiece(before)) break;
            if (/转发|印发/.test(before) || ORG_END.test(before)) title = before + title;
            break;
          }
        }
      }
      // Broken over two lines with no 关于 to go back to: "某区2023年重点工作任务" / "分解和责任分工方案", the first
      // line of the text and a piece that does not end a title itself nor name an issuer.
      if (title === line && i === 1 && firstTitleLine(paras[0]!.text)) title = paras[0]!.text + title;
      let last = i;
      while (
        !own &&
        !STRONG_END.test(title) &&
        last + 1 < paras.length &&
        titlePiece(paras[last + 1]!.text) &&
        STRONG_END.test(paras[last + 1]!.text)
      ) {
        title += paras[last + 1]!.text;
        last++;
      }
      if (own) {
        return {
          title: title.replace(/\s+/g, ''),
          raw: title,
          index: last,
          documentNumber: own[0].replace(/\s+/g, ''),
        };
      }
      return {
        title: title.replace(/\s+/g, ''),
        raw: title,
        index: last,
        documentNumber: ownNumberBelow(paras, last),
      };
    }
  }
  // No line reads like a title: take the first line unless the text opens straight with a numbered item, or with
  // prose that is no title — a preamble sentence ("为…，制定本行动计划。"), an addressee line ("各县区人民政府："),
  // page furniture ("来源：…"). No title is better than a sentence for one: the reviewer is asked for it.
  const first = paras[0];
  if (!first || matchLabel(first.text) || /[。；;：:]/.test(first.text))
    return { title: '', index: -1, documentNumber: null };
  return { title: first.text.slice(0, 120), index: 0, documentNumber: ownNumberBelow(paras, 0) };
}

/** A title at the start of a line, then blanks and the text (what a page copied without its line breaks gives). */
const TITLE_THEN_TEXT = /^([^\s。；，：:]{4,80}?)[ \u3000\t]+(?=\S)/;

/**
 * The title that opens a first line holding more than a title — "某市…实施方案 为贯彻落实…，制定本方案。" — when it
 * is set apart by a blank and reads as a title; null otherwise. A line that could be a title on its own (short, no
 * 。 or ；) is left to the usual reading, so a title spaced out with blanks ("某某方案 （试行）") stays whole.
 */
function titleBeforeBlank(line: string): string | null {
  if (line.length <= 120 && !/[。；]/.test(line)) return null;
  const m = TITLE_THEN_TEXT.exec(line);
  return m && TITLE_END.test(m[1]!) ? m[1]! : null;
}

/** Han characters, digits and the quotes and brackets of a title, nothing else (no blank, no - / > of a page). */
const TITLE_WORDS = /^[\u4e00-\u9fa50-9０-９《》“”（）()—]{6,40}$/;
/** How a page's header or furniture line ends: 某某市人民政府文件, 某某门户网站, 政策文件专栏. */
const HEADER_END = /(文件|网站|网|首页|专栏|专题|栏目|公开)$/;

/**
 * Whether a text's first line is the first half of a title broken over two lines: title words only, not a title
 * by itself, not an issuer (those are joined by the 关于 rule), not a header of the page or an annex's heading.
 */
function firstTitleLine(t: string): boolean {
  return (
    TITLE_WORDS.test(t) &&
    !TITLE_END.test(t) &&
    !ORG_END.test(t) &&
    !HEADER_END.test(t) &&
    !/^附件/.test(t) &&
    !/关于|印发|转发/.test(t) &&
    !DATE_LINE.test(t)
  );
}

/** A document number standing on its own line within the two lines after the title is the document's own. */
function ownNumberBelow(paras: readonly Paragraph[], titleIndex: number): string | null {
  // Also just above the title: some pages print the number first.
  for (let j = Math.max(0, titleIndex - 2); j < Math.min(paras.length, titleIndex + 6); j++) {
    if (j === titleIndex) continue;
    const t = paras[j]!.text;
    const nums = findDocNumbers(t);
    const n = nums[0];
    if (n && t.replace(/\s+/g, '').length <= n.text.length + 2) return n.text;
  }
  return null;
}

const ORG_END = /(政府|办公厅|办公室|委员会|国务院|局|厅|委|部|院|会|办|部门|中心|署|行|军委)$/;

/** "X等4部门", "X等五部门", "X等部门": a joint notice that names only its first issuer. */
const JOINT = /^(.{2,30}?)等(?:[0-9一二三四五六七八九十]{1,3}个?)?(?:部门|单位|部委|家)$/;

/**
 * Every issuer: the names before 关于/印发 in the title, split where several are written ("国家发展改革委
 * 商务部关于…", "A、B关于…"); for a joint notice that names only its first ("X等4部门关于…"), the signature
 * lines above the date, which list them all. Falls back to the signature line alone.
 */
export function findIssuers(title: string, paras: readonly Paragraph[] = []): string[] {
  const m = /^(.{2,80}?)(?:关于|印发|转发)/.exec(title);
  const written = (m?.[1] ?? '').trim();
  const who = written.replace(/\s+/g, '');
  const joint = JOINT.exec(who);
  if (joint) {
    const signed = signatureIssuers(paras);
    if (signed.length >= 2) return signed;
    return [who];
  }
  if (who) {
    const parts = written.split(/[\s\u3000、，,]+/).filter((x) => x.length > 0);
    if (parts.length > 1 && parts.every((x) => ORG_END.test(x))) return parts;
    if (ORG_END.test(who)) return [who];
  }
  const one = findIssuer(title.replace(/\s+/g, ''), paras);
  if (one) return [one];
  const source = sourceFooter(paras);
  return source ? [source] : [];
}

/** A web page's "来源：省粮食和物资储备局" line (or 信息来源 / 发布机构 / 发文机关), naming an organ. */
const SOURCE_LINE = /^(?:来源|信息来源|发布机构|发文机关|发文单位)\s*[：:]\s*([^\s，。；：:]{2,30})$/;

/**
 * The organ a page's source line names, when the text states no other issuer: the page publishes the organ's own
 * document. A newspaper or a website ("来源：河北日报", "来源：新华网") is not an organ and is not taken.
 */
function sourceFooter(paras: readonly Paragraph[]): string | null {
  for (const p of paras) {
    if (p.text.length > 40 || p.text.length < 5) continue;
    const m = SOURCE_LINE.exec(p.text.trim());
    if (m && ORG_END.test(m[1] ?? '')) return m[1] ?? null;
  }
  return null;
}

/** Issuers signed above the first date line: "广州市卫生健康委员会 广州市财政局" (blanks or full-width spaces between) on one or more lines. */
function signatureIssuers(paras: readonly Paragraph[]): string[] {
  for (let i = 1; i < Math.min(paras.length, 80); i++) {
    if (!DATE_LINE.test(paras[i]!.text)) continue;
    const names: string[] = [];
    for (let k = i - 1; k >= 0 && k >= i - 6; k--) {
      const parts = paras[k]!.text.split(/[\s\u3000]+/).filter((x) => x.length > 0);
      if (
        parts.length === 0 ||
        !parts.every((x) => x.length <= 30 && ORG_END.test(x) && !/[，。：；]/.test(x))
      )
        break;
      names.unshift(...parts);
    }
    return names;
  }
  return [];
}

/** The enclosed document's title lines as {@link enclosedTitleLines} finds them. */
type TitleLines = { from: number; to: number } | null;

/**
 * The plan's own title. A covering notice ("关于印发X的通知", "转发X的通知") wraps a plan whose title is X: the
 * plan's own title line (one or several lines) when the body starts after it, else X as the notice names it
 * (without 《》). `titleLines` are `enclosedTitleLines(paras, titleInfo)`, when the caller has them already.
 */
/**
 * A count printed after a title, "（共计35项）", "(共12条)", "（合计8类任务）": how many items follow, not part of the
 * document's name, unlike an edition or a trial mark ("（试行）", "（2019年版）").
 */
const COUNT_NOTE =
  /[（(](?:共计?|合计|计)[ \u3000]*[0-9０-９一二三四五六七八九十百零〇]{1,5}[ \u3000]*(?:大项|个|项|条|类|件|款)[\u4e00-\u9fa5]{0,4}[）)]$/;

/** The plan's own title: the enclosed document's when the text opens with a covering notice; without a count. */
export function planTitle(
  titleInfo: TitleInfo,
  paras: readonly Paragraph[],
  bodyStart: number,
  titleLines?: TitleLines,
): string {
  return namedTitle(titleInfo, paras, bodyStart, titleLines).replace(COUNT_NOTE, '');
}

function namedTitle(
  titleInfo: TitleInfo,
  paras: readonly Paragraph[],
  bodyStart: number,
  titleLines?: TitleLines,
): string {
  const m = COVERING.exec(titleInfo.title);
  if (!m) return titleInfo.title;
  if (bodyStart > titleInfo.index + 1) {
    const run = titleLines === undefined ? enclosedTitleLines(paras, titleInfo) : titleLines;
    const line =
      run && run.to + 1 === bodyStart
        ? paras
            .slice(run.from, run.to + 1)
            .map((p) => p.text)
            .join('')
            .replace(/\s+/g, '')
        : (paras[bodyStart - 1]?.text.replace(/\s+/g, '') ?? '');
    if (line.length >= 4 && line.length <= 80 && !/[。；]/.test(line))
      return line.replace(/^[《〈]|[》〉]$/g, '');
  }
  const inner = (m[1] ?? '').replace(/^[《〈]|[》〉]$/g, '');
  return inner.length >= 4 ? inner : titleInfo.title;
}

/** A covering notice's title: "…印发X的通知", "…转发X的通知", "…印发X的函"; X is the enclosed document. */
const COVERING = /(?:印发|转发)(.+?)的?(?:通知|函)$/;
/** "国家地震局关于X报告": the enclosed document named with its author, whose own title line starts at 关于. */
/** A bracketed tail: a period or an edition. */
const BRACKETED = /^[（(][^（）()]{1,20}[）)]$/;
const AUTHOR_BEFORE_ABOUT = /^(.{2,30}?)关于(.{4,})$/;

/**
 * The enclosed document's own title line(s) after a covering notice, as paragraph indices, or null. The title may
 * be broken over up to three short lines, and the notice may name it with its author before 关于 ("转发国家地震局
 * 关于X报告的通知" for the report titled "关于X的报告"); 的 and quotation marks are ignored when comparing.
 */
export function enclosedTitleLines(paras: readonly Paragraph[], titleInfo: TitleInfo): TitleLines {
  const m = COVERING.exec(titleInfo.title);
  if (!m) return null;
  const named = (m[1] ?? '').replace(/的$/, '');
  const inner = normalizeTitle(named);
  if (inner.length < 4) return null;
  const after = titleInfo.index + 1;
  const names = [inner];
  const a = AUTHOR_BEFORE_ABOUT.exec(named.replace(/\s+/g, ''));
  if (a && ORG_END.test(a[1] ?? '')) names.push(normalizeTitle(`关于${a[2] ?? ''}`));
  // A database export prints the notice's title twice ("【法宝引证码】…", then the title as stored and as issued):
  // a repeat of the notice's own title is not the enclosed plan's.
  const notice = normalizeTitle(titleInfo.title);
  for (let j = after; j < paras.length; j++) {
    const p = paras[j]!;
    if (p.text.length <= titleInfo.title.length + 10 && normalizeTitle(p.text) === notice) continue;
    // The whole name on up to three short lines, the last of which may carry a period: "…实施方案（2021—2023年）".
    let joined = '';
    for (let k = j; k < Math.min(paras.length, j + 3) && titlePiece(paras[k]!.text); k++) {
      joined += normalizeTitle(paras[k]!.text);
      if (names.some((x) => joined === x || (joined.startsWith(x) && BRACKETED.test(joined.slice(x.length)))))
        return { from: j, to: k };
      if (!names.some((x) => x.startsWith(joined))) break;
    }
    // One line holding the name, or most of it.
    if (p.text.length > inner.length + 20 || p.text.includes('。') || p.text.startsWith('附')) continue;
    const n = normalizeTitle(p.text);
    if (n.length >= 4 && (n.includes(inner) || (inner.includes(n) && n.length >= inner.length * 0.6)))
      return { from: j, to: j };
  }
  return null;
}

/**
 * The issuer named before 关于/印发 in the title ("江西省人民政府办公厅关于…"), else the signature line standing
 * just above the document's date, or null.
 */
export function findIssuer(title: string, paras: readonly Paragraph[] = []): string | null {
  const m = /^(.{2,40}?)(?:关于|印发|转发)/.exec(title);
  const who = m?.[1] ?? '';
  if (ORG_END.test(who)) return who;
  for (let i = 1; i < paras.length; i++) {
    if (!DATE_LINE.test(paras[i]!.text)) continue;
    const sig = paras[i - 1]!.text;
    if (sig.length <= 30 && !/[，。：；\s]/.test(sig) && ORG_END.test(sig)) return sig;
  }
  return null;
}

/**
 * Where the plan body starts. A covering notice (印发…的通知) wraps the plan: its addressees, date and 此件主动公开
 * come first, then the plan's own title line; the body starts after that line. Otherwise it starts after the title.
 * `titleLines` are `enclosedTitleLines(paras, titleInfo)`, when the caller has them already.
 */
export function findBodyStart(
  paras: readonly Paragraph[],
  titleInfo: TitleInfo,
  titleLines?: TitleLines,
): number {
  const run = titleLines === undefined ? enclosedTitleLines(paras, titleInfo) : titleLines;
  return run ? run.to + 1 : Math.max(0, titleInfo.index + 1);
}

/** A cited title 《…》. */
export const CITED_TITLE = /《([^《》\n]{2,120})》/y;

/** Cited documents: 《…》 titles and document numbers, distinct and in order, without the plan's own number. */
export function findReferences(text: string, own: string | null, title = ''): string[] {
  const ownTitle = normalizeTitle(title);
  const seen = new Set<string>();
  const out: { at: number; ref: string }[] = [];
  const add = (at: number, ref: string) => {
    if (!ref || ref === own || seen.has(ref)) return;
    seen.add(ref);
    out.push({ at, ref });
  };
  // Every match opens on 《: found by indexOf, the pattern tried there only (execNearAnchors).
  let m: RegExpExecArray | null;
  for (
    m = execNearAnchors(CITED_TITLE, text, ['《'], 0);
    m !== null;
    m = execNearAnchors(CITED_TITLE, text, ['《'], 0, m.index + m[0].length)
  ) {
    const ref = m[1] ?? '';
    // The plan's own title (cited by a covering notice or a page's 相关解读 link) is not a reference.
    const n = normalizeTitle(ref);
    if (
      ref.length >= 3 &&
      !(ownTitle.length > 0 && n.length >= 4 && ownTitle.includes(n.replace(/^关于/, '')))
    )
      add(m.index, ref);
  }
  for (const n of findDocNumbers(text)) add(n.index, n.text);
  out.sort((a, b) => a.at - b.at);
  return out.map((o) => o.ref);
}
