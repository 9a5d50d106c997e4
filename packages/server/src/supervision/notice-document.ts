import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  TextRun,
  convertMillimetersToTwip,
} from 'docx';
import { noticeStateName } from '@luoshi/core';
import { LEVEL_NAMES, RULE_NAMES } from './messages.js';
import type { NoticeView } from './notices.service.js';
import { DEFAULT_CONTACT_TEXT, type NoticeContact } from './settings.js';

/**
 * Fonts and sizes of GB/T 9704-2012 (党政机关公文格式): title in 小标宋 二号 (22 pt), body in 仿宋 三号 (16 pt), the
 * issuer's red header (版头) above a red rule, the document number (发文字号) centred below the header. Word names
 * the fonts; a machine without them substitutes the nearest (the document still reads correctly).
 */
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const RED = 'D40000';
/** Half-points, as docx counts sizes. */
const PT = (pt: number) => pt * 2;

const run = (text: string, opts: { font?: string; size?: number; bold?: boolean; color?: string } = {}) =>
  new TextRun({
    text,
    font: { eastAsia: opts.font ?? BODY_FONT, ascii: opts.font ?? BODY_FONT, hAnsi: opts.font ?? BODY_FONT },
    size: PT(opts.size ?? 16),
    bold: opts.bold,
    color: opts.color,
  });

/** A body paragraph: 仿宋 16 pt, first line indented two characters, fixed 28-point lines (22 lines a page). */
const body = (children: TextRun[], indent = true) =>
  new Paragraph({
    children,
    indent: indent ? { firstLine: PT(16) * 10 * 2 } : undefined,
    spacing: { line: 560, lineRule: 'exact' },
  });

function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface NoticeDocumentInput {
  notice: NoticeView;
  /** Who issues it: the plan's supervising office, e.g. 成都市人民政府督查室. */
  issuer: string;
  /** The plan's 联系人 and telephone (its supervision settings); null names 督查秘书处. */
  contact: NoticeContact | null;
}

/**
 * A notice as a 督办通知单 in Word: red header with the issuer, the document number, the title, the unit it is
 * addressed to (主送), what is late and by how much, the time allowed (办理时限), the reply asked for, the
 * contact and the date. Returns the .docx bytes.
 */
export async function noticeDocument(input: NoticeDocumentInput): Promise<Buffer> {
  const n = input.notice;
  const rule = RULE_NAMES[n.rule] ?? { zh: n.rule, en: n.rule };
  const level = LEVEL_NAMES[n.level]?.zh ?? n.level;
  const item = n.node ? `${n.node.label}${n.node.title}` : null;
  const lateText =
    n.rule === 'indicator_off_track'
      ? '经监测，该项指标进展滞后于目标要求。'
      : n.subjectDueOn
        ? `应于${chineseDate(n.subjectDueOn)}前完成（报送），截至${chineseDate(n.raisedOn)}已逾期${n.daysLate}天。`
        : '';
  const paragraphs: Paragraph[] = [
    // 版头: the issuer in red, large, centred, with the document number and a red rule below.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [run(`${input.issuer}督办通知单`, { font: TITLE_FONT, size: 26, color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      spacing: { after: 480 },
      children: [run(n.documentNumber)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 480, line: 700, lineRule: 'exact' },
      children: [run(`关于${rule.zh}事项的督办通知`, { font: TITLE_FONT, size: 22 })],
    }),
    body([run(`${n.unit.name}：`)], false),
    body([
      run(
        `根据《${n.planTitle}》任务分工${item ? `，你单位牵头负责的“${item}”` : ''}中“${n.subject}”${lateText}现予${level}督办。`,
      ),
    ]),
    body([run('一、督办事项', { font: HEADING_FONT })]),
    body([run(`${rule.zh}：${n.subject}。督办等级：${level}。当前状态：${noticeStateName(n.state).zh}。`)]),
    body([run('二、办理时限', { font: HEADING_FONT })]),
    body([
      run(
        n.stepDueOn
          ? `请于${chineseDate(n.stepDueOn)}前签收并按要求办理，办理情况书面回复督查秘书处；逾期未办理的，将提高督办等级。`
          : '本督办事项已办结。',
      ),
    ]),
    body([run('三、联系人', { font: HEADING_FONT })]),
    body([
      run(input.contact ? `${input.contact.name}，联系电话：${input.contact.phone}` : DEFAULT_CONTACT_TEXT),
    ]),
    new Paragraph({ spacing: { before: 960 }, children: [] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(input.issuer)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(n.raisedOn))] }),
  ];
  if (n.reply) paragraphs.push(body([run('附：承办单位回复', { font: HEADING_FONT })]), body([run(n.reply)]));
  const doc = new Document({
    creator: 'Luoshi',
    title: `${n.documentNumber} ${rule.zh}督办通知单`,
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            // GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
            margin: {
              top: convertMillimetersToTwip(37),
              bottom: convertMillimetersToTwip(35),
              left: convertMillimetersToTwip(28),
              right: convertMillimetersToTwip(26),
            },
          },
        },
        children: paragraphs,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
