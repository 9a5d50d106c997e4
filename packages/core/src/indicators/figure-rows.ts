/**
 * Figure import rows: a header and rows of cells (from CSV or XLSX, already split into cells) → figure candidates,
 * or errors naming the line and why, in Chinese and English. The format is that of the published-figures CSV:
 *
 *   indicator,area,period,value,unit,qualifier,source_url,quote
 *   电子商务交易额,成都市,2013,400000000000,元,preliminary,http://…,"…全年交易额有望超过4000亿元…"
 *
 * The value may be given with a magnitude (`4000` with unit `亿元`, or `4000亿` with unit `元`); it is stored in the
 * indicator's base unit. The server imports all rows or none: it reads every row, and stores only when none failed.
 *
 * Built for a million rows: the lookups are prepared once in `createFigureRowReader`, caches hold what repeats
 * (periods, areas, units), regular expressions are compiled once, and a good row costs one object.
 */
import type { LocalizedText } from '../types.js';
import { resolveArea, type AreaIndex, type AreaMatch } from './areas.js';
import type { FigureQualifier } from './indicator.js';
import {
  DECIMAL_NUMBER,
  FIGURE_COLUMN_LABELS,
  FIGURE_HEADER_NAMES,
  FIGURE_QUALIFIER_WORDS,
  FIGURE_TEMPLATE_HEADER,
  MAGNITUDE_PREFIXES,
  REQUIRED_FIGURE_COLUMNS,
  type FigureColumn,
} from './figure-columns.js';
import { parsePeriod, periodEndDate, type Period } from './period.js';

/** A cell as a CSV parser (string) or a spreadsheet reader (number, empty) gives it. */
export type FigureCell = string | number | null | undefined;

/** What the import needs to know of an indicator. */
export interface FigureImportIndicator {
  id: number;
  name: string;
  code?: string | null;
  aliases?: readonly string[];
  /** The base unit values are stored in (元, %, 户 …). */
  unit: string;
}

export type FigureRowErrorCode =
  | 'FIGURE_HEADER_MISSING_COLUMN'
  | 'FIGURE_HEADER_DUPLICATE_COLUMN'
  | 'FIGURE_INDICATOR_REQUIRED'
  | 'FIGURE_INDICATOR_UNKNOWN'
  | 'FIGURE_INDICATOR_AMBIGUOUS'
  | 'FIGURE_AREA_REQUIRED'
  | 'FIGURE_AREA_UNKNOWN'
  | 'FIGURE_PERIOD_REQUIRED'
  | 'FIGURE_PERIOD_INVALID'
  | 'FIGURE_VALUE_REQUIRED'
  | 'FIGURE_VALUE_INVALID'
  | 'FIGURE_UNIT_MISMATCH'
  | 'FIGURE_QUALIFIER_UNKNOWN';

export interface FigureRowProblem {
  column: FigureColumn | null;
  code: FigureRowErrorCode;
  message: LocalizedText;
}

/** A row that maps to a figure. Values are in the indicator's base unit. */
export interface FigureCandidate {
  ok: true;
  line: number;
  indicatorId: number;
  areaKey: string;
  /** The area's code at the figure's period (510122 for 双流县 in 2013). */
  areaCode: string;
  period: Period;
  value: number;
  unit: string;
  qualifier: FigureQualifier;
  sourceUrl: string | null;
  sourceDocument: string | null;
  quote: string | null;
}

export interface FigureRowRejection {
  ok: false;
  line: number;
  problems: FigureRowProblem[];
}

export type FigureRowResult = FigureCandidate | FigureRowRejection;

export interface FigureRowReader {
  /** Where each column is in a row (-1 when the file has no such column). */
  readonly columns: Readonly<Record<FigureColumn, number>>;
  /**
   * Maps one row (`line` is its line in the file, for messages) to a candidate or a rejection; a blank row gives
   * null (files end with one).
   */
  read(row: readonly FigureCell[], line: number): FigureRowResult | null;
}

function add(list: FigureRowProblem[] | null, p: FigureRowProblem): FigureRowProblem[] {
  if (list === null) return [p];
  list.push(p);
  return list;
}

function problem(
  column: FigureColumn | null,
  code: FigureRowErrorCode,
  zh: string,
  en: string,
): FigureRowProblem {
  return { column, code, message: { zh, en } };
}

/** A cell as trimmed text; allocates only when there is whitespace to trim. */
function text(cell: FigureCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  const n = cell.length;
  if (n === 0) return cell;
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(n - 1);
  return first <= 32 || last <= 32 || first === 0xfeff || first === 0x3000 || last === 0x3000
    ? cell.replace(/^[\s\uFEFF]+|\s+$/g, '')
    : cell;
}

/** Keeps caches from growing without bound on a file whose every row differs. */
const CACHE_LIMIT = 10_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * Prepares a reader for rows under `header`. Fails (with every problem) when a required column (indicator, area,
 * period, value) is missing or a column appears twice. Column names are matched without case, in English or
 * Chinese (指标, 地区, 期间, 数值, 单位 …); unknown columns are ignored.
 */
export function createFigureRowReader(
  header: readonly FigureCell[],
  context: { indicators: readonly FigureImportIndicator[]; areas: AreaIndex },
): { ok: true; reader: FigureRowReader } | { ok: false; problems: FigureRowProblem[] } {
  const columns: Record<FigureColumn, number> = {
    indicator: -1,
    area: -1,
    period: -1,
    value: -1,
    unit: -1,
    qualifier: -1,
    source_url: -1,
    source: -1,
    quote: -1,
  };
  const problems: FigureRowProblem[] = [];
  header.forEach((cell, i) => {
    const name = text(cell).toLowerCase();
    const column = FIGURE_HEADER_NAMES[name];
    if (!column) return;
    if (columns[column] >= 0) {
      problems.push(
        problem(
          column,
          'FIGURE_HEADER_DUPLICATE_COLUMN',
          `表头中“${column}”列出现了两次`,
          `The header names the column "${column}" twice`,
        ),
      );
    } else columns[column] = i;
  });
  for (const c of REQUIRED_FIGURE_COLUMNS) {
    if (columns[c] < 0) {
      problems.push(
        problem(
          c,
          'FIGURE_HEADER_MISSING_COLUMN',
          `表头缺少“${c}”列（${FIGURE_COLUMN_LABELS[c].zh}）；应为 ${FIGURE_TEMPLATE_HEADER.join(',')}`,
          `The header has no "${c}" column (${FIGURE_COLUMN_LABELS[c].en}); expected ${FIGURE_TEMPLATE_HEADER.join(',')}`,
        ),
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, reader: new Reader(columns, context.indicators, context.areas) };
}

class Reader implements FigureRowReader {
  private readonly indicators = new Map<string, FigureImportIndicator | 'ambiguous'>();
  private readonly periods = new Map<string, Period | string>();
  private readonly areaMatches = new Map<string, AreaMatch | null>();
  /** `${indicatorId}\u0000${unit}` → power of ten, or -1 when the unit does not fit the indicator. */
  private readonly units = new Map<string, number>();

  constructor(
    readonly columns: Readonly<Record<FigureColumn, number>>,
    indicators: readonly FigureImportIndicator[],
    private readonly areas: AreaIndex,
  ) {
    // Names first, then aliases and codes: a name always means its own indicator.
    const add = (key: string, ind: FigureImportIndicator, strong: boolean): void => {
      const k = key.trim();
      if (k === '') return;
      const prior = this.indicators.get(k);
      if (prior === undefined || (strong && prior === 'ambiguous')) this.indicators.set(k, ind);
      else if (prior !== ind && !(prior !== 'ambiguous' && prior.name === k))
        this.indicators.set(k, 'ambiguous');
    };
    for (const ind of indicators) add(ind.name, ind, true);
    for (const ind of indicators) {
      for (const alias of ind.aliases ?? []) add(alias, ind, false);
      if (ind.code) add(ind.code, ind, false);
      add(`#${ind.id}`, ind, false);
    }
  }

  read(row: readonly FigureCell[], line: number): FigureRowResult | null {
    const c = this.columns;
    const indicatorText = text(row[c.indicator]);
    const areaText = text(row[c.area]);
    const periodCell = row[c.period];
    const periodText = text(periodCell);
    const valueCell = row[c.value];
    const valueText = text(valueCell);
    const unitText = c.unit >= 0 ? text(row[c.unit]) : '';
    const qualifierText = c.qualifier >= 0 ? text(row[c.qualifier]) : '';
    if (
      indicatorText === '' &&
      areaText === '' &&
      periodText === '' &&
      valueText === '' &&
      unitText === '' &&
      qualifierText === ''
    ) {
      return null;
    }
    let problems: FigureRowProblem[] | null = null;

    const indicator = indicatorText === '' ? undefined : this.indicators.get(indicatorText);
    if (indicatorText === '') {
      problems = add(
        problems,
        problem(
          'indicator',
          'FIGURE_INDICATOR_REQUIRED',
          `第 ${line} 行：缺少指标`,
          `Line ${line}: no indicator`,
        ),
      );
    } else if (indicator === undefined) {
      problems = add(
        problems,
        problem(
          'indicator',
          'FIGURE_INDICATOR_UNKNOWN',
          `第 ${line} 行：未知指标“${indicatorText}”（请先添加该指标，或使用已有指标的名称、别名或代码）`,
          `Line ${line}: unknown indicator "${indicatorText}" (add it first, or use an existing indicator's name, alias or code)`,
        ),
      );
    } else if (indicator === 'ambiguous') {
      problems = add(
        problems,
        problem(
          'indicator',
          'FIGURE_INDICATOR_AMBIGUOUS',
          `第 ${line} 行：“${indicatorText}”可指多个指标，请使用指标名称或代码`,
          `Line ${line}: "${indicatorText}" could mean several indicators; use the indicator's name or code`,
        ),
      );
    }

    let period: Period | null = null;
    if (periodText === '') {
      problems = add(
        problems,
        problem('period', 'FIGURE_PERIOD_REQUIRED', `第 ${line} 行：缺少期间`, `Line ${line}: no period`),
      );
    } else {
      let parsed = this.periods.get(periodText);
      if (parsed === undefined) {
        const r = parsePeriod(typeof periodCell === 'number' ? periodCell : periodText);
        parsed = remember(this.periods, periodText, r.ok ? r.period : `${r.message.zh}\u0000${r.message.en}`);
      }
      if (parsed.includes('\u0000')) {
        const [zh, en] = parsed.split('\u0000') as [string, string];
        problems = add(
          problems,
          problem('period', 'FIGURE_PERIOD_INVALID', `第 ${line} 行：${zh}`, `Line ${line}: ${en}`),
        );
      } else period = parsed as Period;
    }

    let area: AreaMatch | null = null;
    if (areaText === '') {
      problems = add(
        problems,
        problem('area', 'FIGURE_AREA_REQUIRED', `第 ${line} 行：缺少地区`, `Line ${line}: no area`),
      );
    } else {
      // Resolved at the period's end, so that 双流县 in 2013 and 双流区 in 2016 both find the same area.
      const key = period ? `${areaText}\u0000${period}` : areaText;
      area = this.areaMatches.get(key) ?? null;
      if (!this.areaMatches.has(key)) {
        area = remember(
          this.areaMatches,
          key,
          resolveArea(this.areas, areaText, period ? periodEndDate(period) : undefined),
        );
      }
      if (!area) {
        problems = add(
          problems,
          problem(
            'area',
            'FIGURE_AREA_UNKNOWN',
            `第 ${line} 行：未知地区“${areaText}”（请使用地区名称或行政区划代码，如 成都市 或 510100）`,
            `Line ${line}: unknown area "${areaText}" (use the area's name or division code, e.g. 成都市 or 510100)`,
          ),
        );
      }
    }

    const qualifier = FIGURE_QUALIFIER_WORDS[qualifierText.toLowerCase()];
    if (qualifier === undefined) {
      problems = add(
        problems,
        problem(
          'qualifier',
          'FIGURE_QUALIFIER_UNKNOWN',
          `第 ${line} 行：未知的数据性质“${qualifierText}”（应为 exact、more_than、preliminary 或 estimated）`,
          `Line ${line}: unknown qualifier "${qualifierText}" (expected exact, more_than, preliminary or estimated)`,
        ),
      );
    }

    let value = NaN;
    if (valueText === '') {
      problems = add(
        problems,
        problem('value', 'FIGURE_VALUE_REQUIRED', `第 ${line} 行：缺少数值`, `Line ${line}: no value`),
      );
    } else if (typeof indicator === 'object') {
      const v = this.value(valueCell, valueText, unitText, indicator, line);
      if (typeof v === 'number') value = v;
      else problems = add(problems, v);
    }

    if (problems) return { ok: false, line, problems };
    return {
      ok: true,
      line,
      indicatorId: (indicator as FigureImportIndicator).id,
      areaKey: area!.area.key,
      areaCode: area!.version.code,
      period: period!,
      value,
      unit: (indicator as FigureImportIndicator).unit,
      qualifier: qualifier!,
      sourceUrl: this.optional(row, this.columns.source_url),
      sourceDocument: this.optional(row, this.columns.source),
      quote: this.optional(row, this.columns.quote),
    };
  }

  private optional(row: readonly FigureCell[], index: number): string | null {
    if (index < 0) return null;
    const t = text(row[index]);
    return t === '' ? null : t;
  }

  /** The value in the indicator's base unit, or the problem with it. */
  private value(
    cell: FigureCell,
    valueText: string,
    unitText: string,
    indicator: FigureImportIndicator,
    line: number,
  ): number | FigureRowProblem {
    const exponent = this.unitExponent(indicator, unitText);
    if (exponent < 0) {
      return problem(
        'unit',
        'FIGURE_UNIT_MISMATCH',
        `第 ${line} 行：单位“${unitText}”与指标“${indicator.name}”的单位“${indicator.unit}”不符`,
        `Line ${line}: the unit "${unitText}" does not fit the indicator "${indicator.name}", measured in "${indicator.unit}"`,
      );
    }
    if (typeof cell === 'number') {
      if (Number.isFinite(cell)) return exponent === 0 ? cell : Number(`${cell}e${exponent}`);
    } else {
      let digits = valueText.includes(',') ? valueText.replace(/,/g, '') : valueText;
      let power = exponent;
      // A magnitude written with the value ("806亿") instead of the unit.
      const lastChar = digits.charCodeAt(digits.length - 1);
      if (lastChar > 0x4e00) {
        for (const [prefix, p] of MAGNITUDE_PREFIXES) {
          if (digits.endsWith(prefix)) {
            digits = digits.slice(0, -prefix.length).trimEnd();
            power += p;
            break;
          }
        }
      }
      if (DECIMAL_NUMBER.test(digits)) {
        // Shifting the decimal point in the text keeps 5647.4亿 exactly 564740000000.
        const v =
          power === 0
            ? Number(digits)
            : /[eE]/.test(digits)
              ? Number(digits) * 10 ** power
              : Number(`${digits}e${power}`);
        if (Number.isFinite(v)) return v;
      }
    }
    return problem(
      'value',
      'FIGURE_VALUE_INVALID',
      `第 ${line} 行：数值“${valueText}”不是数字`,
      `Line ${line}: the value "${valueText}" is not a number`,
    );
  }

  /** How many powers of ten `unitText` is above the indicator's unit (亿元 over 元 → 8), or -1. */
  private unitExponent(indicator: FigureImportIndicator, unitText: string): number {
    if (unitText === '' || unitText === indicator.unit) return 0;
    const key = `${indicator.id}\u0000${unitText}`;
    const cached = this.units.get(key);
    if (cached !== undefined) return cached;
    let exponent = -1;
    const unit = unitText === '％' ? '%' : unitText;
    if (unit === indicator.unit) exponent = 0;
    else if (unit.endsWith(indicator.unit)) {
      const prefix = unit.slice(0, unit.length - indicator.unit.length);
      exponent = MAGNITUDE_PREFIXES.find(([p]) => p === prefix)?.[1] ?? -1;
    }
    return remember(this.units, key, exponent);
  }
}
