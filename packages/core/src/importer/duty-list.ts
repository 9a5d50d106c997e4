/**
 * Duty lists in an annex (附件：部门职责分工): one paragraph per unit, "省发展改革委负责……。省教育厅负责……", where
 * the tasks are in the body and the units only in the annex. Each entry is given to the body items it names —
 * by their number ("第（三）项", "第5项") or by restating their heading — and an entry that names none becomes
 * a task of its own under an annex node, so its unit is never lost.
 */
import type { PlanNodeDraft, UnitMention } from '../types.js';
import { parseChineseInt } from './structure.js';
import { normalizeTitle, type Paragraph } from './text-util.js';
import { isUnitLike, splitUnitList } from './unit-names.js';

export interface DutyEntry {
  mentions: UnitMention[];
  /** The duties after the role word. */
  content: string;
  span: [number, number];
}

/** "省发展改革委负责……", "1.省教育厅：负责……", "省财政厅牵头负责……" at the start of a paragraph. */
const ENTRY =
  /^(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[）)．.、]\s*)?([^，。；：:\n（(]{2,60}?)(?:[：:]\s*)?(牵头负责|负责|牵头)/;

/** The duty entries of an annex: at least two paragraphs that each open with units and 负责/牵头. */
export function readDutyList(text: string, annex: readonly Paragraph[]): DutyEntry[] {
  const out: DutyEntry[] = [];
  for (const p of annex) {
    const m = ENTRY.exec(p.text);
    if (!m) continue;
    const names = m[1] ?? '';
    const at = p.start + m[0].indexOf(names);
    const ranges = splitUnitList(text, at, at + names.length);
    const mentions: UnitMention[] = ranges.map(([a, b]) => ({
      name: text.slice(a, b),
      role: 'lead',
      span: [a, b],
    }));
    if (mentions.length === 0 || !mentions.every((x) => isUnitLike(x.name))) continue;
    out.push({ mentions, content: p.text.slice(m[0].length), span: [p.start, p.end] });
  }
  return out.length >= 2 ? out : [];
}

/** "第（三）项", "第三项", "第5项", "（五）": the item numbers an entry cites. */
const ITEM_REF =
  /第?[（(]([一二三四五六七八九十]{1,3}|[0-9]{1,3})[）)]项?|第([一二三四五六七八九十]{1,3}|[0-9]{1,3})[项条]/g;

/**
 * Gives each entry's units to the body items it names; returns the entries that named none. `tasks` are the
 * body's items in document order.
 */
export function attachDutyEntries(
  entries: readonly DutyEntry[],
  tasks: readonly PlanNodeDraft[],
): DutyEntry[] {
  const unmatched: DutyEntry[] = [];
  const keyed = tasks
    .map((n) => ({ node: n, key: normalizeTitle(n.title) }))
    .filter((x) => x.key.length >= 4);
  for (const e of entries) {
    const content = normalizeTitle(e.content);
    const hits = new Set<PlanNodeDraft>();
    for (const { node, key } of keyed) if (content.includes(key)) hits.add(node);
    ITEM_REF.lastIndex = 0;
    for (let m = ITEM_REF.exec(e.content); m; m = ITEM_REF.exec(e.content)) {
      const raw = m[1] ?? m[2] ?? '';
      const ord = /^\d+$/.test(raw) ? Number(raw) : parseChineseInt(raw);
      if (ord === null) continue;
      const node = tasks.find((n) => ordinalOf(n.label) === ord);
      if (node) hits.add(node);
    }
    if (hits.size === 0) {
      unmatched.push(e);
      continue;
    }
    for (const n of hits) {
      for (const m of e.mentions) {
        n.unitMentions.push(m);
        if (!n.leadUnits.includes(m.name)) n.leadUnits.push(m.name);
      }
    }
  }
  return unmatched;
}

function ordinalOf(label: string): number | null {
  const m = /([一二三四五六七八九十]{1,3}|[0-9]{1,3})/.exec(label);
  if (!m) return null;
  return /^\d+$/.test(m[1] ?? '') ? Number(m[1]) : parseChineseInt(m[1] ?? '');
}
