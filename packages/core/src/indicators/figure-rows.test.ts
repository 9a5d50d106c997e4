import { describe, expect, it } from 'vitest';
import { createAreaIndex, type AreaData } from './areas.js';
import { FIGURE_TEMPLATE_HEADER } from './figure-columns.js';
import { createFigureRowReader, type FigureImportIndicator, type FigureRowReader } from './figure-rows.js';

const areas = createAreaIndex({
  areas: [
    {
      key: '510100',
      versions: [{ code: '510100', name: '成都市', kind: 'prefecture', parent: null, from: null, to: null }],
    },
    {
      key: '510116',
      versions: [
        { code: '510122', name: '双流县', kind: 'county', parent: '510100', from: null, to: '2015-12-03' },
        { code: '510116', name: '双流区', kind: 'district', parent: '510100', from: '2015-12-03', to: null },
      ],
    },
  ],
} satisfies AreaData);

const indicators: FigureImportIndicator[] = [
  { id: 1, name: '电子商务交易额', code: 'EC_TRADE', unit: '元' },
  { id: 2, name: '移动电子商务交易规模', aliases: ['以成都为结算中心的移动电子商务交易规模'], unit: '元' },
  { id: 3, name: '中小企业电子商务应用普及率', unit: '%' },
  { id: 4, name: '移动电子商务本土用户数量', unit: '户' },
  { id: 5, name: '网络零售额', aliases: ['网购额'], unit: '元' },
  { id: 6, name: '网购总额', aliases: ['网购额'], unit: '元' },
];

function reader(header: readonly string[] = FIGURE_TEMPLATE_HEADER): FigureRowReader {
  const r = createFigureRowReader(header, { indicators, areas });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
  return r.reader;
}

describe('createFigureRowReader', () => {
  it('maps a row of the published-figures CSV to a figure candidate in base units', () => {
    const row = [
      '电子商务交易额',
      '成都市',
      '2013',
      '400000000000',
      '元',
      'preliminary',
      'http://x',
      '全年交易额有望超过4000亿元',
    ];
    expect(reader().read(row, 5)).toEqual({
      ok: true,
      line: 5,
      indicatorId: 1,
      areaKey: '510100',
      areaCode: '510100',
      period: '2013',
      value: 400000000000,
      unit: '元',
      qualifier: 'preliminary',
      sourceUrl: 'http://x',
      sourceDocument: null,
      quote: '全年交易额有望超过4000亿元',
    });
  });

  it('takes values with a magnitude in the unit or the value, exactly', () => {
    const r = reader();
    const value = (v: string | number, unit: string) => {
      const x = r.read(['电子商务交易额', '成都市', '2016', v, unit, 'exact'], 2);
      return x?.ok ? x.value : x?.problems.map((p) => p.code);
    };
    expect(value('5647.4', '亿元')).toBe(564740000000);
    expect(value('5647.4亿', '元')).toBe(564740000000);
    expect(value('806 亿', '')).toBe(80600000000);
    expect(value('1,234', '万元')).toBe(12340000);
    expect(value(6000, '亿元')).toBe(600000000000);
    expect(value('8.06e10', '元')).toBe(80600000000);
    expect(value('806', '户')).toEqual(['FIGURE_UNIT_MISMATCH']);
    expect(value('八百', '元')).toEqual(['FIGURE_VALUE_INVALID']);
    expect(value('', '元')).toEqual(['FIGURE_VALUE_REQUIRED']);
  });

  it('matches the indicator by name, alias or code, and the area by name or code at the period', () => {
    const r = reader();
    expect(
      r.read(['以成都为结算中心的移动电子商务交易规模', '510100', '2015', '806', '亿元', ''], 2),
    ).toMatchObject({
      indicatorId: 2,
      qualifier: 'exact',
    });
    expect(r.read(['EC_TRADE', '成都', '2011', '2000', '亿元', 'exact'], 3)).toMatchObject({
      indicatorId: 1,
    });
    expect(r.read(['#3', '成都市', '2013', '50', '%', 'exact'], 4)).toMatchObject({
      indicatorId: 3,
      value: 50,
    });
    expect(r.read(['电子商务交易额', '双流县', '2013', '1', '元', ''], 5)).toMatchObject({
      areaKey: '510116',
      areaCode: '510122',
    });
    expect(r.read(['电子商务交易额', '双流区', '2016', '1', '元', ''], 6)).toMatchObject({
      areaKey: '510116',
      areaCode: '510116',
    });
    expect(r.read(['电子商务交易额', '双流区', '2013', '1', '元', ''], 7)).toMatchObject({
      areaKey: '510116',
      areaCode: '510122',
    });
  });

  it('reads qualifiers in English and Chinese, and more_than as a lower bound', () => {
    const r = reader();
    const q = (text: string) => {
      const x = r.read(['移动电子商务本土用户数量', '成都市', '2012-S1', '120', '万户', text], 2);
      return x?.ok ? x.qualifier : x?.problems[0]!.code;
    };
    expect(q('more_than')).toBe('lower_bound');
    expect(q('超过')).toBe('lower_bound');
    expect(q('预计')).toBe('preliminary');
    expect(q('Estimated')).toBe('estimated');
    expect(q('')).toBe('exact');
    expect(q('maybe')).toBe('FIGURE_QUALIFIER_UNKNOWN');
  });

  it('refuses an unknown indicator, area or period with the line and a reason in both languages', () => {
    const r = reader();
    const bad = r.read(['不存在的指标', '北京市', '2015-13', '1', '元', ''], 17);
    expect(bad?.ok).toBe(false);
    if (!bad || bad.ok) return;
    expect(bad.line).toBe(17);
    expect(bad.problems.map((p) => [p.column, p.code])).toEqual([
      ['indicator', 'FIGURE_INDICATOR_UNKNOWN'],
      ['period', 'FIGURE_PERIOD_INVALID'],
      ['area', 'FIGURE_AREA_UNKNOWN'],
    ]);
    for (const p of bad.problems) {
      expect(p.message.zh).toMatch(/^第 17 行：/);
      expect(p.message.en).toMatch(/^Line 17: /);
    }
    expect(bad.problems[0]!.message.zh).toContain('不存在的指标');
    expect(bad.problems[1]!.message.en).toContain('2015-13');
    expect(bad.problems[2]!.message.zh).toContain('北京市');
  });

  it('says when an alias could mean two indicators', () => {
    const x = reader().read(['网购额', '成都市', '2013', '1', '元', ''], 2);
    expect(x).toMatchObject({ ok: false, problems: [{ code: 'FIGURE_INDICATOR_AMBIGUOUS' }] });
  });

  it('skips a blank row and reads spreadsheet cells (numbers, empty cells)', () => {
    const r = reader();
    expect(r.read(['', '', '', '', '', ''], 9)).toBeNull();
    expect(r.read([], 9)).toBeNull();
    expect(r.read(['电子商务交易额', '成都市', 2015, 8.06e10, null, undefined], 3)).toMatchObject({
      ok: true,
      period: '2015',
      value: 8.06e10,
      qualifier: 'exact',
      sourceUrl: null,
    });
  });

  it('accepts Chinese column names in any order and refuses a header without the required columns', () => {
    const r = reader(['数值', '期间', '地区', '指标', '单位']);
    expect(r.read(['4000', '2013年', '成都市', '电子商务交易额', '亿元'], 2)).toMatchObject({
      value: 400000000000,
      period: '2013',
    });
    const missing = createFigureRowReader(['indicator', 'area', 'value', 'value'], { indicators, areas });
    expect(missing.ok).toBe(false);
    if (missing.ok) return;
    expect(missing.problems.map((p) => p.code)).toEqual([
      'FIGURE_HEADER_DUPLICATE_COLUMN',
      'FIGURE_HEADER_MISSING_COLUMN',
    ]);
    expect(missing.problems[1]!.message.zh).toContain('period');
  });
});
