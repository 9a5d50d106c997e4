import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  areaAncestors,
  areaChildren,
  areaVersionAt,
  createAreaIndex,
  detectJurisdiction,
  resolveArea,
  validateAreaData,
  type AreaData,
} from './areas.js';

const data = JSON.parse(
  readFileSync(new URL('../../data/areas-chengdu.json', import.meta.url), 'utf8'),
) as AreaData;
const index = createAreaIndex(data);

describe('areas-chengdu.json', () => {
  it('passes validation: unique keys, ordered versions, known parents, one area per code at any date', () => {
    expect(validateAreaData(data)).toEqual([]);
  });

  it('holds 成都市 with its 20 county-level divisions today, and its 2014 ones', () => {
    const today = areaChildren(index, '510100').filter((a) => areaVersionAt(a)!.kind !== 'functional_zone');
    expect(today.map((a) => areaVersionAt(a)!.code).sort()).toEqual(
      [
        '510104',
        '510105',
        '510106',
        '510107',
        '510108',
        '510112',
        '510113',
        '510114',
        '510115',
        '510116',
        '510117',
        '510118',
        '510121',
        '510129',
        '510131',
        '510181',
        '510182',
        '510183',
        '510184',
        '510185',
      ].sort(),
    );
    const in2014 = areaChildren(index, '510100', '2014-06-30').map(
      (a) => areaVersionAt(a, '2014-06-30')!.name,
    );
    expect(in2014).toContain('双流县');
    expect(in2014).toContain('郫县');
    expect(in2014).toContain('新津县');
    expect(in2014).not.toContain('简阳市');
    expect(areaChildren(index, '512000', '2014-06-30').map((a) => a.key)).toEqual(['510185']);
  });

  it('marks 高新区 and 天府新区 as functional zones with local codes', () => {
    for (const name of ['高新区', '天府新区']) {
      const m = resolveArea(index, name)!;
      expect(m.version.kind).toBe('functional_zone');
      expect(m.version.code).toMatch(/^510100-Z\d\d$/);
    }
  });

  it('holds 广州市 with its 11 districts today', () => {
    expect(areaChildren(index, '440100')).toHaveLength(11);
    expect(areaVersionAt(index.byKey.get('440117')!, '2013-12-31')!.name).toBe('从化市');
  });
});

describe('resolveArea', () => {
  it('finds an area by name, short name or code, with the version valid at the date', () => {
    expect(resolveArea(index, '成都市')!.area.key).toBe('510100');
    expect(resolveArea(index, '成都')!.area.key).toBe('510100');
    expect(resolveArea(index, '510100')!.matchedBy).toBe('code');
    const shuangliu2013 = resolveArea(index, '双流县', '2013-12-31')!;
    expect(shuangliu2013).toMatchObject({ matchedBy: 'name', currentAtDate: true });
    expect(shuangliu2013.version.code).toBe('510122');
    const shuangliu2020 = resolveArea(index, '双流县', '2020-12-31')!;
    expect(shuangliu2020.area.key).toBe('510116');
    expect(shuangliu2020.currentAtDate).toBe(false);
    expect(shuangliu2020.version.name).toBe('双流区');
    expect(resolveArea(index, '510124', '2015-12-31')!.version.name).toBe('郫县');
    expect(resolveArea(index, '510124', '2017-01-01')!.version.name).toBe('郫都区');
    expect(resolveArea(index, '512081')!.area.key).toBe('510185');
    expect(resolveArea(index, '简阳市', '2015-01-01')!.version.parent).toBe('512000');
    expect(resolveArea(index, '简阳市', '2017-01-01')!.version.parent).toBe('510100');
    expect(resolveArea(index, '北京市')).toBeNull();
  });

  it('walks up to the province', () => {
    expect(areaAncestors(index, '510116').map((a) => a.key)).toEqual(['510116', '510100', '510000']);
    expect(areaAncestors(index, '510185', '2015-01-01').map((a) => a.key)).toEqual([
      '510185',
      '512000',
      '510000',
    ]);
  });
});

describe('detectJurisdiction', () => {
  it("finds the issuing government's area from the issuer", () => {
    const code = (issuer: string, date?: string) =>
      detectJurisdiction(index, issuer, date)?.version.code ?? null;
    expect(code('成都市人民政府办公厅')).toBe('510100');
    expect(code('成都市人民政府')).toBe('510100');
    expect(code('广州市卫生健康委')).toBe('440100');
    expect(code('广州市财政局')).toBe('440100');
    expect(code('四川省人民政府办公厅')).toBe('510000');
    expect(code('中共成都市委办公厅')).toBe('510100');
    expect(code('成都市双流区人民政府')).toBe('510116');
    expect(code('双流县人民政府', '2013-05-01')).toBe('510122');
    expect(code('成都高新区管委会')).toBe('510100-Z01');
    expect(code('市商务局')).toBeNull();
    expect(code('江西省人民政府办公厅')).toBeNull();
    expect(detectJurisdiction(index, '成都市人民政府办公厅')!.matchedText).toBe('成都市');
  });
});
