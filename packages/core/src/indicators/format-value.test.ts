import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value.js';

describe('formatValue', () => {
  it('writes Chinese values as a document does', () => {
    expect(formatValue(600000000000, '元')).toBe('6000亿元');
    expect(formatValue(5000000, '户')).toBe('500万户');
    expect(formatValue(12000, '家')).toBe('1.2万家');
    expect(formatValue(8000, '家')).toBe('8000家');
    expect(formatValue(564740000000, '元')).toBe('5647.4亿元');
    expect(formatValue(1.2e12, '元')).toBe('1.2万亿元');
    expect(formatValue(70, '%')).toBe('70%');
    expect(formatValue(2.87, '个百分点')).toBe('2.87个百分点');
    expect(formatValue(123456789, '元')).toBe('12345.6789万元');
    expect(formatValue(0, '元')).toBe('0元');
    expect(formatValue(-25000, '元')).toBe('-2.5万元');
  });

  it('writes English values in words, not "600B 元" or "5M 户"', () => {
    expect(formatValue(600000000000, '元', 'en')).toBe('600 billion yuan');
    expect(formatValue(60000000000, '元', 'en')).toBe('60 billion yuan');
    expect(formatValue(5000000, '户', 'en')).toBe('5 million households');
    expect(formatValue(564740000000, '元', 'en')).toBe('564.74 billion yuan');
    expect(formatValue(12000, '家', 'en')).toBe('12,000 enterprises');
    expect(formatValue(7850000, '人', 'en')).toBe('7.85 million people');
    expect(formatValue(1, '户', 'en')).toBe('1 household');
    expect(formatValue(1.2e12, '元', 'en')).toBe('1.2 trillion yuan');
    expect(formatValue(70, '%', 'en')).toBe('70%');
    expect(formatValue(2.87, '个百分点', 'en')).toBe('2.87 percentage points');
    expect(formatValue(3, '', 'en')).toBe('3');
    expect(formatValue(5000000, '头', 'en')).toBe('5 million 头');
  });

  it('rounds computed values at the largest magnitude when no magnitude is exact', () => {
    expect(formatValue(7.454059, '%', 'zh', { maximumFractionDigits: 2 })).toBe('7.45%');
    expect(formatValue(4233333.3333, '户', 'zh', { maximumFractionDigits: 2 })).toBe('423.33万户');
    expect(formatValue(4233333.3333, '户', 'en', { maximumFractionDigits: 2 })).toBe(
      '4.23 million households',
    );
    expect(formatValue(346410161513.77, '元', 'zh', { maximumFractionDigits: 2 })).toBe('3464.1亿元');
  });

  it('keeps an exact value exact (property): the Chinese text reads back to the value', () => {
    const magnitudes: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, '': 1 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 15 }), (value) => {
        const text = formatValue(value, '元');
        const m = /^(-?[\d.]+)(万亿|亿|万|)元$/.exec(text);
        expect(m, text).not.toBeNull();
        expect(Number(`${m![1]}e${Math.log10(magnitudes[m![2]!]!)}`)).toBe(value);
      }),
    );
  });
});
