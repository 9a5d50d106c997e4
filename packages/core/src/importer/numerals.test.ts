import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, readArabic, readMagnitude, readNumber } from './numerals.js';

describe('parseChineseNumeral', () => {
  it.each([
    ['五', 5],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['五百', 500],
    ['两千', 2000],
    ['三千五百', 3500],
    ['一千零五', 1005],
    ['一万二千', 12000],
    ['五百万', 5_000_000],
    ['十亿', 1e9],
    ['一亿五千万', 1.5e8],
    ['三万亿', 3e12],
    ['二〇一五', 2015],
  ])('reads %s as %d', (s, v) => {
    expect(parseChineseNumeral(s)).toBe(v);
  });

  it('refuses strings that are not numerals', () => {
    expect(parseChineseNumeral('')).toBeNull();
    expect(parseChineseNumeral('五个')).toBeNull();
  });
});

describe('readNumber', () => {
  const at = (s: string) => readNumber(s, 0);

  it('folds the magnitudes 万, 亿 and 万亿 into Arabic figures', () => {
    expect(at('6000亿元')).toMatchObject({ value: 600_000_000_000, magnitude: '亿', end: 5 });
    expect(at('500万户')).toMatchObject({ value: 5_000_000, magnitude: '万', end: 4 });
    expect(at('1.2万个')).toMatchObject({ value: 12_000, magnitude: '万' });
    expect(at('4.93万亿元')).toMatchObject({ value: 4.93e12, magnitude: '万亿' });
    expect(at('3千万元')).toMatchObject({ value: 3e7, magnitude: '千万' });
  });

  it('reads decimals, thousands separators and full-width digits', () => {
    expect(at('4.66人')?.value).toBe(4.66);
    expect(at('1,200家')?.value).toBe(1200);
    expect(at('１２个')?.value).toBe(12);
    expect(at('0.5%')?.value).toBe(0.5);
  });

  it('keeps a decimal point that ends a sentence out of the figure', () => {
    expect(at('30.')).toMatchObject({ value: 30, end: 2 });
  });

  it('reads Chinese numerals with their magnitude', () => {
    expect(at('五百家')).toMatchObject({ value: 500, kind: 'chinese', end: 2 });
    expect(at('两千万元')).toMatchObject({ value: 2e7, kind: 'chinese', magnitude: '万' });
  });

  it('reads fractions and 一半 as percentages', () => {
    expect(at('一半')).toMatchObject({ value: 50, kind: 'fraction' });
    expect(at('五分之一')).toMatchObject({ value: 20, kind: 'fraction', end: 4 });
    expect(at('三分之二')?.value).toBeCloseTo(66.6667, 3);
  });

  it('finds no number where none starts', () => {
    expect(at('万众')).toBeNull();
    expect(at('电子商务')).toBeNull();
  });
});

describe('readMagnitude', () => {
  it('does not take the 千 of a unit (千瓦, 千米, 千克) for a magnitude', () => {
    expect(readMagnitude('千瓦', 0).factor).toBe(1);
    expect(readMagnitude('千米', 0).factor).toBe(1);
    expect(readMagnitude('千人', 0).factor).toBe(1000);
  });

  it('reads 万千瓦 as 万 followed by the unit 千瓦', () => {
    expect(readMagnitude('万千瓦', 0)).toMatchObject({ factor: 1e4, end: 1 });
  });
});

describe('readArabic', () => {
  it('reads no quantity from a run of more than 30 digits (a code or noise)', () => {
    expect(readArabic('1'.repeat(40), 0)).toBeNull();
    expect(readArabic('1'.repeat(30), 0)?.value).toBe(Number('1'.repeat(30)));
  });

  it('does not read a comma that separates clauses as a thousands separator', () => {
    expect(readArabic('12,3456', 0)).toMatchObject({ value: 12, end: 2 });
  });
});
