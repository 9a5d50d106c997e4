/**
 * The columns of a figures file and the words accepted in them: header names (English and Chinese), qualifiers,
 * magnitudes. One place, shared by the row reader, the downloadable template and the import page.
 */
import type { LocalizedText } from '../types.js';
import type { FigureQualifier } from './indicator.js';

export type FigureColumn =
  'indicator' | 'area' | 'period' | 'value' | 'unit' | 'qualifier' | 'source_url' | 'source' | 'quote';

/** The header of the downloadable template: the published-figures CSV's columns, in its order. */
export const FIGURE_TEMPLATE_HEADER: readonly FigureColumn[] = [
  'indicator',
  'area',
  'period',
  'value',
  'unit',
  'qualifier',
  'source_url',
  'quote',
];

/** What each column holds, for the template's notes and the import page. */
export const FIGURE_COLUMN_LABELS: Record<FigureColumn, LocalizedText> = {
  indicator: { zh: '指标（名称、别名或代码）', en: 'indicator (name, alias or code)' },
  area: { zh: '地区（名称或行政区划代码）', en: 'area (name or division code)' },
  period: {
    zh: '期间（2015、2015-S1、2015-Q3、2015-07、2015-01/2015-09）',
    en: 'period (2015, 2015-S1, 2015-Q3, 2015-07, 2015-01/2015-09)',
  },
  value: { zh: '数值', en: 'value' },
  unit: { zh: '单位（可带数量级，如 亿元）', en: 'unit (may carry a magnitude, e.g. 亿元)' },
  qualifier: {
    zh: '数据性质：exact 正式 / more_than 超过 / preliminary 预计 / estimated 估计',
    en: 'qualifier: exact / more_than / preliminary / estimated',
  },
  source_url: { zh: '来源网址', en: 'source URL' },
  source: { zh: '来源文件', en: 'source document' },
  quote: { zh: '原文摘录', en: 'quote from the source' },
};

export const REQUIRED_FIGURE_COLUMNS: readonly FigureColumn[] = ['indicator', 'area', 'period', 'value'];

/** Header names accepted for each column (lower case), English and Chinese. */
export const FIGURE_HEADER_NAMES: Record<string, FigureColumn> = {
  indicator: 'indicator',
  指标: 'indicator',
  指标名称: 'indicator',
  area: 'area',
  地区: 'area',
  区域: 'area',
  行政区划: 'area',
  period: 'period',
  期间: 'period',
  时期: 'period',
  统计期: 'period',
  value: 'value',
  数值: 'value',
  值: 'value',
  unit: 'unit',
  单位: 'unit',
  qualifier: 'qualifier',
  数据性质: 'qualifier',
  限定: 'qualifier',
  source_url: 'source_url',
  url: 'source_url',
  来源网址: 'source_url',
  来源链接: 'source_url',
  source: 'source',
  source_document: 'source',
  来源: 'source',
  来源文件: 'source',
  quote: 'quote',
  原文: 'quote',
  引文: 'quote',
  原文摘录: 'quote',
};

export const FIGURE_QUALIFIER_WORDS: Record<string, FigureQualifier> = {
  '': 'exact',
  exact: 'exact',
  final: 'exact',
  正式: 'exact',
  准确: 'exact',
  实际: 'exact',
  more_than: 'lower_bound',
  lower_bound: 'lower_bound',
  '>': 'lower_bound',
  超过: 'lower_bound',
  以上: 'lower_bound',
  多于: 'lower_bound',
  preliminary: 'preliminary',
  预计: 'preliminary',
  初步: 'preliminary',
  有望: 'preliminary',
  estimated: 'estimated',
  estimate: 'estimated',
  估计: 'estimated',
  估算: 'estimated',
};

/** Magnitude prefixes of a unit or value (亿元 = 10^8 元), as powers of ten. Longest first. */
export const MAGNITUDE_PREFIXES: readonly [string, number][] = [
  ['万亿', 12],
  ['千亿', 11],
  ['百亿', 10],
  ['十亿', 9],
  ['亿', 8],
  ['千万', 7],
  ['百万', 6],
  ['十万', 5],
  ['万', 4],
  ['千', 3],
  ['百', 2],
];

/** A decimal number as a cell may hold it (after thousands separators are removed). */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
