/**
 * Where a plan's body lies and how its items nest: the body after a table of contents and before a division-of-
 * labour table, the tree of numbered items built with a stack ranked by numbering style (stopping where the
 * document closes or an annex begins), and the kind of each item (section, task, measure).
 */
import type { Diagnostic, NodeKind, PlanNodeDraft } from '../types.js';
import { diag } from './draft-util.js';
import { matchLabel } from './structure.js';
import { isLeadHeaderCell } from './table.js';
import type { Paragraph } from './text-util.js';

/** An item while the tree is being built. */
export interface Building {
  label: string;
  rank: number;
  ordinal: number;
  /** Offset where the item's text after the label starts. */
  textStart: number;
  start: number;
  /** End of the item's own text (before its first child). */
  ownEnd: number;
  /** End of the item including its children. */
  end: number;
  ownRanges: [number, number][];
  children: Building[];
}

/** Paragraphs that close a document: the date line, 此件主动公开, page links. */
const CLOSING =
  /^(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[（(]此件[^）)]{0,10}[）)]|相关(解读|文章|报道|链接|阅读)[：:]?.*|附件\s*\d*\s*(?:[：:].*)?|附\s*[：:].*|抄送[：:].*)$/;

/**
 * The numbered items of paragraphs [from, to), built with a stack ranked by numbering style, and where an annex
 * (a 附件 line, or what follows the closing date line) begins: `to` when none does.
 */
export function buildItems(
  paras: readonly Paragraph[],
  from: number,
  to: number,
  diagnostics: Diagnostic[],
): { roots: Building[]; annexFrom: number } {
  const roots: Building[] = [];
  const stack: Building[] = [];
  let annexFrom = to;
  let seenItem = false;
  for (let i = from; i < to; i++) {
    const p = paras[i]!;
    if (seenItem && CLOSING.test(p.text)) {
      if (/^附/.test(p.text)) {
        annexFrom = i;
        break;
      }
      // After the date line only signatures, links and annexes follow.
      let k = i + 1;
      // Only a paragraph opening on 附 (or on a blank that squashing removes) can be the 附件 line.
      while (
        k < to &&
        !(
          mayOpenWithAnnex(paras[k]!.text) &&
          /^附件\s*\d*(?:[：:].{0,40})?$/.test(paras[k]!.text.replace(/\s+/g, ''))
        )
      )
        k++;
      annexFrom = k;
      break;
    }
    const label = matchLabel(p.text);
    if (label) {
      seenItem = true;
      const b: Building = {
        label: label.label,
        rank: label.rank,
        ordinal: label.ordinal,
        textStart: p.start + label.length,
        start: p.start,
        ownEnd: p.end,
        end: p.end,
        ownRanges: [[p.start + label.length, p.end]],
        children: [],
      };
      while (stack.length > 0 && stack[stack.length - 1]!.rank >= label.rank) stack.pop();
      const parent = stack[stack.length - 1];
      const siblings = parent ? parent.children : roots;
      const prev = siblings[siblings.length - 1];
      // Items may be numbered on across sections, so only a jump between siblings is worth a look.
      if (prev && prev.rank === b.rank && b.ordinal !== prev.ordinal + 1) {
        diagnostics.push(
          diag(
            'info',
            'NUMBERING_GAP',
            `编号不连续：“${prev.label}”之后是“${b.label}”，请核对是否漏项或错号。`,
            `Numbering jumps from "${prev.label}" to "${b.label}"; check for a missing or misnumbered item.`,
            [p.start, Math.min(p.end, p.start + label.length)],
          ),
        );
      }
      siblings.push(b);
      stack.push(b);
      for (const s of stack) s.end = p.end;
    } else if (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      top.ownRanges.push([p.start, p.end]);
      top.ownEnd = p.end;
      for (const s of stack) s.end = p.end;
    }
  }
  return { roots, annexFrom };
}

/** False when `t` squashed of its blanks cannot start with 附: it opens on another character than 附 or a blank. */
function mayOpenWithAnnex(t: string): boolean {
  const c = t.charCodeAt(0);
  return c === 0x9644 || /^\s/.test(t);
}

/** Index of the first paragraph of a table header (牵头单位 among short header cells) after `from`, or the end. */
export function findTableStart(paras: readonly Paragraph[], from: number): number {
  const short = (k: number) => {
    const t = paras[k]?.text.replace(/\s+/g, '') ?? '';
    return t.length > 0 && t.length <= 12 && !/[。；]/.test(t);
  };
  for (let i = from; i < paras.length; i++) {
    if (!isLeadHeaderCell(paras[i]!.text)) continue;
    if (!(short(i - 1) && (short(i + 1) || short(i - 2)))) continue;
    let s = i;
    while (s - 1 >= from && i - s < 12 && short(s - 1) && !matchLabel(paras[s - 1]!.text)) s--;
    // The table's own title line ("…任务分工表") belongs to the table too.
    if (s - 1 >= from && /(表|清单)$/.test(paras[s - 1]!.text)) s--;
    return s;
  }
  return paras.length;
}

function hasLeadBelow(n: PlanNodeDraft): boolean {
  return n.children.some((c) => c.leadUnits.length > 0 || hasLeadBelow(c));
}

export function assignKinds(nodes: PlanNodeDraft[]): void {
  const flat =
    nodes.length > 1 &&
    nodes.every((n) => n.children.every((c) => c.label === '')) &&
    nodes.filter((n) => n.leadUnits.length > 0).length * 2 >= nodes.length;
  const visit = (n: PlanNodeDraft, parentKind: NodeKind | null) => {
    if (parentKind === null) n.kind = flat ? 'task' : 'section';
    else if (n.leadUnits.length > 0 || parentKind === 'section' || n.label === '' || hasLeadBelow(n))
      n.kind = 'task';
    else n.kind = 'measure';
    for (const c of n.children) visit(c, n.kind);
  };
  for (const n of nodes) visit(n, null);
}

/** A paragraph that is 目录 once blanks are squashed out. */
const CONTENTS = /^[\s\u3000]*目[\s\u3000]*录[\s\u3000]*$/;

/**
 * A table of contents (目录, then one line per heading) is not the plan: the body starts where its first entry
 * is printed again as a heading. Without that repeat nothing is skipped.
 */
export function skipContents(paras: readonly Paragraph[], from: number): number {
  const squash = (t: string) => t.replace(/[\s\u3000]+/g, '');
  for (let i = from; i < Math.min(paras.length - 1, from + 30); i++) {
    // "目录" printed with two full-width spaces between its characters is split in two by them.
    let at = i + 1;
    // squash(t) === '目录', tested without building the squashed copy of every paragraph.
    if (!CONTENTS.test(paras[i]!.text)) {
      if (!(paras[i]!.text === '目' && paras[i + 1]!.text === '录')) continue;
      at = i + 2;
    }
    const first = squash(paras[at]?.text ?? '');
    if (!first) return from;
    for (let j = at + 1; j < Math.min(paras.length, at + 400); j++)
      if (squash(paras[j]!.text) === first) return j;
    return from;
  }
  return from;
}
