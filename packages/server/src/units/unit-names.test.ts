import { describe, expect, it } from 'vitest';
import { guessUnitKind, normalizeUnitName, UnitNameIndex } from './unit-names.js';

describe('normalizeUnitName', () => {
  it('folds full-width brackets and drops spaces, including the ideographic space', () => {
    expect(normalizeUnitName('市政府（效能办）')).toBe('市政府(效能办)');
    expect(normalizeUnitName(' 市 发改委\u3000')).toBe('市发改委');
    expect(normalizeUnitName('各区〔市〕县')).toBe('各区(市)县');
  });

  it('keeps different names different', () => {
    expect(normalizeUnitName('市商务局')).not.toBe(normalizeUnitName('市商务委'));
  });
});

describe('UnitNameIndex', () => {
  const index = new UnitNameIndex([
    { id: 1, name: '市发改委', fullName: '成都市发展和改革委员会', aliases: ['成都市发改委'] },
    { id: 2, name: '市政府效能办', fullName: null, aliases: ['市政府（效能办）'] },
  ]);

  it('resolves short names, full names and aliases, and says how', () => {
    expect(index.resolve('市发改委')).toEqual({ unitId: 1, unitName: '市发改委', matchedBy: 'name' });
    expect(index.resolve('成都市发展和改革委员会')).toEqual({
      unitId: 1,
      unitName: '市发改委',
      matchedBy: 'name',
    });
    expect(index.resolve('成都市发改委')).toEqual({ unitId: 1, unitName: '市发改委', matchedBy: 'alias' });
  });

  it('matches across bracket widths and spaces but not on partial names', () => {
    expect(index.resolve('市政府(效能办) ')?.unitId).toBe(2);
    expect(index.resolve('发改委')).toBeNull();
    expect(index.resolve('')).toBeNull();
  });
});

describe('guessUnitKind', () => {
  it('tells departments, districts and collective mentions apart', () => {
    expect(guessUnitKind('市商务局')).toBe('department');
    expect(guessUnitKind('锦江区')).toBe('district');
    expect(guessUnitKind('各区（市）县')).toBe('collective');
    expect(guessUnitKind('中国人民银行成都分行')).toBe('other');
  });
});
