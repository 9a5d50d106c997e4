/**
 * Reading a candidate at a numeral: its value, a range's upper bound, the unit (listed, or the characters that
 * close the clause), a rate's period ("元/年") and the bound written after it (以上, 左右, 以内).
 */
import { isChineseNumeralChar, isDigitCode, readNumber, type NumberToken } from './numerals.js';
import { RANGE_JOINT_CODE, codeTable, isBoundary, isCjk, readUnit } from './target-vocabulary.js';

export interface Candidate {
  start: number;
  num: NumberToken;
  unit: string;
  unitEnd: number;
  /** Offset after the unit and any suffix (以上, 左右 …). */
  end: number;
  suffix: string;
  approx: boolean;
  /** The unit was not in the vocabulary but read from the characters that close the clause. */
  guessedUnit: boolean;
  /** "1-2个", "3～5家", "8到10个": the upper bound; the candidate's own number is the lower. */
  rangeTo: NumberToken | null;
}

export function readCandidate(text: string, i: number, num: NumberToken): Candidate | null {
  let j = num.end;
  let approx = false;
  // "1-2个", "1至2个", "3～5家", "8到10个": a range whose unit follows its upper bound.
  let rangeTo: NumberToken | null = null;
  if (
    num.magnitude === '' &&
    RANGE_JOINT_CODE[text.charCodeAt(j)] === 1 &&
    isDigitCode(text.charCodeAt(j + 1))
  ) {
    const upper = readNumber(text, j + 1);
    if (upper && upper.kind === num.kind && upper.value > num.value) {
      rangeTo = upper;
      j = upper.end;
    }
  }
  if (text[j] === '多' || text[j] === '余') {
    approx = true;
    j++;
  }
  let unit = readUnit(text, j);
  if (num.kind === 'fraction') unit = '%';
  let guessedUnit = false;
  if (!unit && num.kind !== 'fraction') {
    // An unlisted unit ("35微克/立方米", "300眼"): the one to three characters that close the clause.
    let k = j;
    while (
      k < text.length &&
      k - j < 3 &&
      isCjk(text[k]) &&
      !isChineseNumeralChar(text[k] ?? '') &&
      text[k] !== '的'
    )
      k++;
    const closes =
      isBoundary(text[k]) ||
      text[k] === '、' ||
      text[k] === '/' ||
      /^(以上|以下|以内|左右)/.test(text.slice(k, k + 2));
    if (k > j && closes) {
      unit = text.slice(j, k);
      guessedUnit = true;
    }
  }
  const unitEnd = num.kind === 'fraction' ? j : j + unit.length;
  // "标识注册总量突破5亿": a magnitude that closes its clause counts things without a unit; like an unlisted unit,
  // it is trusted only after a comparator.
  if (!unit && num.magnitude !== '' && isBoundary(text[j])) {
    return { start: i, num, unit: '', unitEnd: j, end: j, suffix: '', approx, guessedUnit: true, rangeTo };
  }
  if (!unit) return null;
  let fullUnit = unit;
  let k = unitEnd;
  // Rates per period or per head: "1000元/年", "4人/万人".
  if ((text[k] === '/' || text[k] === '／') && unit !== '%') {
    const per = readUnit(text, k + 1) || (isCjk(text[k + 1]) ? (text[k + 1] ?? '') : '');
    if (per) {
      fullUnit = `${unit}/${per}`;
      k = k + 1 + per.length;
    }
  }
  let suffix = '';
  // Most figures have no bound after them: only a character a bound opens on is worth the words' tries.
  if (BOUND_FIRST_CODE[text.charCodeAt(k)] === 1)
    for (const s of BOUNDS) {
      if (text.startsWith(s, k)) {
        suffix = s;
        k += s.length;
        break;
      }
    }
  // "500万元以上（含）的": the inclusive mark belongs to the bound.
  if (suffix && /^[（(]含[）)]/.test(text.slice(k, k + 3))) k += 3;
  return { start: i, num, unit: fullUnit, unitEnd, end: k, suffix, approx, guessedUnit, rangeTo };
}

/** The bounds written after a figure, longest first where one holds another (及以上 before 以上, 以内 before 内). */
const BOUNDS = ['及以上', '及以下', '以上', '以下', '以内', '之内', '左右', '上下', '内'] as const;
/** The characters the {@link BOUNDS} open on. */
const BOUND_FIRST_CODE = codeTable(BOUNDS.map((b) => b[0]!));
