/**
 * The demo checks, end to end on the real published figures: the CSV split and read as an import would,
 * the figure in force chosen per period, the plan's targets assessed. Every number comes from
 * `packages/core/data/chengdu-ecommerce-published-figures.csv` and the plan text; nothing is invented.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../importer/parse-plan.js';
import { createAreaIndex, type AreaData } from './areas.js';
import { CsvRecordParser } from './csv-records.js';
import { createFigureRowReader, type FigureCandidate } from './figure-rows.js';
import { selectFiguresInForce } from './figures.js';
import { formatValue } from './format-value.js';
import { evaluateFormula } from './formula-evaluate.js';
import { formulaRefKey, parseFormula } from './formula.js';
import type { IndicatorDefinition } from './indicator.js';
import { asIndicatorId } from './indicator.js';
import { assessTarget, defaultBaseline, type TargetAssessment } from './status.js';

const data = (name: string) => readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8');
const areas = createAreaIndex(JSON.parse(data('areas-chengdu.json')) as AreaData);
const seed = JSON.parse(data('indicators-chengdu-ecommerce.json')) as {
  indicators: Omit<IndicatorDefinition, 'id'>[];
  targetLinks: { target: string; indicator: string }[];
};
const indicators: IndicatorDefinition[] = seed.indicators.map((x, i) => ({ ...x, id: asIndicatorId(i + 1) }));
const byName = new Map(indicators.map((x) => [x.name, x]));
const byCode = new Map(indicators.map((x) => [x.code!, x]));

/** The CSV imported as the server will: split, every row read, all or nothing. */
function importFigures(): FigureCandidate[] {
  const records: [string[], number][] = [];
  const parser = new CsvRecordParser((cells, line) => records.push([cells, line]));
  parser.push(data('chengdu-ecommerce-published-figures.csv'));
  expect(parser.end()).toBeNull();
  const [[header]] = records as [[string[], number]];
  const made = createFigureRowReader(header, { indicators, areas });
  if (!made.ok) throw new Error(made.problems[0]!.message.en);
  const out: FigureCandidate[] = [];
  for (const [cells, line] of records.slice(1)) {
    const r = made.reader.read(cells, line);
    if (r === null) continue;
    if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
    out.push(r);
  }
  return out;
}

const figures = importFigures();
/** Revision times in file order, as one import gives the rows (the CSV lists the 2016 estimate before the final). */
const inForce = (indicator: string) =>
  selectFiguresInForce(
    figures
      .filter((f) => f.indicatorId === byName.get(indicator)!.id && f.areaKey === '510100')
      .map((f) => ({ ...f, revisedAt: `2024-01-01T00:00:${String(f.line).padStart(2, '0')}Z` })),
  );

const plan = parsePlan(
  readFileSync(new URL('../../fixtures/chengdu-ecommerce-plan-2013-2015.txt', import.meta.url), 'utf8'),
);

function assess(targetIndicator: string): TargetAssessment {
  const link = seed.targetLinks.find((l) => l.target === targetIndicator)!;
  const indicator = byCode.get(link.indicator)!;
  const target = plan.targets.find((t) => t.indicator === targetIndicator)!;
  const series = inForce(indicator.name).map((f) => f.figure);
  return assessTarget({
    kind: indicator.kind,
    direction: indicator.direction,
    target: { comparator: target.comparator, value: target.value, deadlineYear: target.deadlineYear! },
    baseline: defaultBaseline(indicator.kind, series, plan.period!.from),
    figures: series,
    asOf: '2017-06-30',
    unit: indicator.unit,
  });
}

describe('the Chengdu demo on the published figures', () => {
  it('imports every row of the published-figures CSV', () => {
    expect(figures).toHaveLength(28);
    expect(new Set(figures.map((f) => f.areaCode))).toEqual(new Set(['510100']));
  });

  it('links each of the plan’s seven targets to an indicator', () => {
    expect(plan.targets).toHaveLength(7);
    for (const t of plan.targets)
      expect(
        seed.targetLinks.some((l) => l.target === t.indicator),
        t.indicator,
      ).toBe(true);
    for (const l of seed.targetLinks) expect(byCode.has(l.indicator)).toBe(true);
  });

  it('移动电子商务交易规模 2015 = 806亿元 against > 1000亿元 is not achieved', () => {
    const r = assess('以成都为结算中心的移动电子商务交易规模');
    expect(r.status).toBe('not_achieved');
    expect(r.explanation.current).toMatchObject({ period: '2015', value: 80600000000, qualifier: 'exact' });
    expect(r.explanation.message.zh).toContain('806亿元');
    expect(r.explanation.message.en).toContain('80.6 billion yuan');
  });

  it('社会消费品零售总额 2016 shows 5647.4亿元 (exact) with the 5620亿元 estimate in its history', () => {
    const y2016 = inForce('社会消费品零售总额').find((f) => f.period === '2016')!;
    expect(formatValue(y2016.figure.value, '元')).toBe('5647.4亿元');
    expect(y2016.figure.qualifier).toBe('exact');
    expect(y2016.provisional).toBe(false);
    expect(y2016.history.map((f) => [formatValue(f.value, '元'), f.qualifier])).toEqual([
      ['5620亿元', 'preliminary'],
    ]);
    // 2011 came from two sources that agree: one is used, the other kept.
    expect(inForce('社会消费品零售总额').find((f) => f.period === '2011')!.history).toHaveLength(1);
  });

  it('电子商务交易额 2013 (> 4000亿元, preliminary) is on track for > 6000亿元 in 2015, with the method shown', () => {
    const r = assess('电子商务交易额');
    expect(r.status).toBe('on_track');
    const e = r.explanation;
    expect(e.basis).toBe('growth_ratio');
    expect(e.method).toBe('geometric');
    expect(e.baseline).toMatchObject({ period: '2011', value: 200000000000 });
    expect(e.current).toMatchObject({ period: '2013', value: 400000000000, qualifier: 'preliminary' });
    expect(e.provisional).toBe(true);
    expect(e.observedGrowth).toBeCloseTo(Math.SQRT2 - 1, 9); // 2000 → 4000亿 in two years
    expect(e.requiredGrowth).toBeCloseTo(Math.pow(3, 1 / 4) - 1, 9); // 2000 → 6000亿 in four years
    expect(e.ratio).toBeCloseTo(1.31, 2);
    expect(r.forecast).toMatchObject({ method: 'geometric_extrapolation', meetsTarget: true });
    expect(r.forecast!.value).toBeCloseTo(800000000000, 0);
    expect(r.trajectory!.points.find((p) => p.period === '2013')!.expected).toBeCloseTo(
      2e11 * Math.sqrt(3),
      0,
    );
    expect(e.message.zh).toContain('按恒定增长率');
    expect(e.message.zh).toContain('初步数据');
    expect(e.message.en).toContain('constant growth rate');
  });

  it('computes the online share of retail for 2012 as 7.45% from its two component figures', () => {
    const share = byCode.get('ONLINE_RETAIL_SHARE')!;
    const parsed = parseFormula(share.formula!);
    if (!parsed.ok) throw new Error(parsed.error.message.en);
    const r = evaluateFormula(parsed.ast, (ref) => {
      const component = inForce(formulaRefKey(ref)).find((f) => f.period === '2012');
      return component && { value: component.figure.value, qualifier: component.figure.qualifier };
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatValue(r.value, share.unit, 'zh', { maximumFractionDigits: share.decimals! })).toBe('7.45%');
    // The published share agrees.
    expect(inForce(share.name).find((f) => f.period === '2012')!.figure.value).toBe(7.45);
  });

  it('gives "no data" where no figure after the baseline was published', () => {
    const statuses = Object.fromEntries(plan.targets.map((t) => [t.indicator, assess(t.indicator).status]));
    expect(statuses).toEqual({
      电子商务交易额: 'on_track',
      网络零售额: 'on_track',
      网络零售额占社会消费品零售总额比重: 'no_data',
      中小企业电子商务应用普及率: 'no_data',
      规模以上企业电子商务应用普及率: 'no_data',
      以成都为结算中心的移动电子商务交易规模: 'not_achieved',
      移动电子商务本土用户数量: 'no_data',
    });
    expect(assess('网络零售额').explanation).toMatchObject({ lowerBound: true, boundEffect: 'conservative' });
  });
});
