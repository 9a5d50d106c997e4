import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { createIndicator } from './indicators.service.js';

/**
 * Parallel writers of one indicator, area and period (requests in flight together: on PostgreSQL each on its own
 * pooled connection): every figure is kept, exactly one is in force, and it is the one the core's rule picks.
 */
let t: TestApp;
let indicatorId: number;
let headers: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  indicatorId = (await createIndicator(t.db, SYSTEM_ACTOR, { name: '并发指标', unit: '元', kind: 'flow' }))
    .id;
  headers = (await t.bearerFor('statistics_officer')).headers;
});
afterAll(() => t.close());

describe('concurrent figures for one indicator, area and period', () => {
  it('keeps every figure and exactly one in force, a final one over provisional ones', async () => {
    const qualifiers = [
      'preliminary',
      'estimated',
      'exact',
      'preliminary',
      'estimated',
      'preliminary',
    ] as const;
    const responses = await Promise.all(
      qualifiers.map((qualifier, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/indicators/${indicatorId}/figures`,
          headers,
          payload: { areaCode: '成都市', period: '2015', value: 100 + i, qualifier },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(qualifiers.map(() => 201));
    const rows = await t.db
      .selectFrom('figures')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .execute();
    expect(rows).toHaveLength(qualifiers.length);
    const inForce = rows.filter((r) => r.superseded_by === null);
    expect(inForce).toHaveLength(1);
    expect(inForce[0]!.qualifier).toBe('exact');
    expect(Number(inForce[0]!.value)).toBe(102);
  });

  it('two imports of overlapping files at once leave one figure in force per period', async () => {
    const file = (v: number) =>
      [
        'indicator,area,period,value,unit,qualifier',
        ...[2010, 2011, 2012].map((y) => `并发指标,锦江区,${y},${v},元,exact`),
      ].join('\n');
    const send = (v: number) => {
      const boundary = '----b';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\nContent-Type: text/csv\r\n\r\n${file(v)}\r\n--${boundary}--\r\n`;
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/figures/import',
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const [a, b] = await Promise.all([send(1), send(2)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const rows = await t.db
      .selectFrom('figures')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .where('area_code', '=', '510104')
      .execute();
    expect(rows).toHaveLength(6);
    for (const y of ['2010', '2011', '2012'])
      expect(rows.filter((r) => r.period === y && r.superseded_by === null)).toHaveLength(1);
  });
});
