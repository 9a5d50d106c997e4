import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { createIndicator } from './indicators.service.js';

let t: TestApp;
let ownUnit: number;
let ownIndicator: number;
let otherIndicator: number;
let headers: Record<string, Record<string, string>>;

beforeAll(async () => {
  t = await createTestApp();
  ownUnit = await t.createUnit('市商务局');
  ownIndicator = (
    await createIndicator(t.db, SYSTEM_ACTOR, {
      name: '电子商务交易额',
      unit: '元',
      kind: 'flow',
      ownerUnitId: ownUnit,
      aliases: ['电商交易额'],
    })
  ).id;
  otherIndicator = (
    await createIndicator(t.db, SYSTEM_ACTOR, { name: '社会消费品零售总额', unit: '元', kind: 'flow' })
  ).id;
  headers = {
    officer: (await t.bearerFor('unit_officer', { unitId: ownUnit })).headers,
    stats: (await t.bearerFor('statistics_officer')).headers,
    secretariat: (await t.bearerFor('secretariat')).headers,
    leader: (await t.bearerFor('leader')).headers,
  };
});
afterAll(() => t.close());

const post = (url: string, who: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: headers[who], payload: payload as object });
const get = (url: string, who = 'leader') =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: headers[who] });
const count = async (table: 'figures' | 'audit_log' | 'figure_imports') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function multipart(fileName: string, content: Buffer | string, type = 'text/csv') {
  const boundary = '----luoshi-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
const importFile = (who: string, fileName: string, content: Buffer | string) => {
  const m = multipart(fileName, content);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/figures/import',
    headers: { ...headers[who], 'content-type': m.contentType },
    payload: m.body,
  });
};
const HEADER = 'indicator,area,period,value,unit,qualifier,source_url,quote';

describe('POST /api/v1/indicators/:id/figures', () => {
  it('rejects a unit officer entering a figure for an indicator their unit does not own', async () => {
    const before = await count('figures');
    const res = await post(`/indicators/${otherIndicator}/figures`, 'officer', {
      areaCode: '成都市',
      period: '2014',
      value: 1,
      qualifier: 'exact',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'FIGURE_NOT_YOURS',
      message: { zh: expect.stringContaining('本单位') },
    });
    expect(await count('figures')).toBe(before);
  });

  it('lets a unit officer enter a figure for their own unit’s indicator, audited', async () => {
    const audits = await count('audit_log');
    const res = await post(`/indicators/${ownIndicator}/figures`, 'officer', {
      areaCode: '510100',
      period: '2014',
      value: 5e11,
      qualifier: 'preliminary',
      sourceUrl: 'http://example.gov.cn/a',
      quote: '有望达到5000亿元',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      indicatorId: ownIndicator,
      area: { code: '510100', name: '成都市' },
      period: '2014',
      qualifier: 'preliminary',
      supersededBy: null,
      enteredBy: expect.stringMatching(/^unit_officer_/),
    });
    expect(await count('audit_log')).toBe(audits + 1);
  });

  it('keeps history on revision: a final figure displaces a preliminary one, never the reverse', async () => {
    const first = (
      await post(`/indicators/${ownIndicator}/figures`, 'stats', {
        areaCode: '成都市',
        period: '2012',
        value: 3e11,
        qualifier: 'preliminary',
      })
    ).json<{ id: number }>();
    const final = await post(`/indicators/${ownIndicator}/figures`, 'stats', {
      areaCode: '成都市',
      period: '2012',
      value: 3.1e11,
      qualifier: 'exact',
    });
    expect(final.statusCode).toBe(201);
    const late = await post(`/indicators/${ownIndicator}/figures`, 'stats', {
      areaCode: '成都市',
      period: '2012',
      value: 2.9e11,
      qualifier: 'estimated',
    });
    const detail = (await get(`/indicators/${ownIndicator}`)).json<{
      inForce: { id: number; period: string; value: number }[];
      figures: { id: number; period: string; supersededBy: number | null }[];
    }>();
    const finalId = final.json<{ id: number }>().id;
    expect(detail.inForce.filter((f) => f.period === '2012').map((f) => f.id)).toEqual([finalId]);
    const history = detail.figures.filter((f) => f.period === '2012');
    expect(history).toHaveLength(3);
    expect(history.find((f) => f.id === first.id)!.supersededBy).toBe(finalId);
    expect(history.find((f) => f.id === late.json<{ id: number }>().id)!.supersededBy).toBe(finalId);
  });

  it('refuses an unknown area, a bad period and an unknown indicator with clear messages', async () => {
    const area = await post(`/indicators/${ownIndicator}/figures`, 'stats', {
      areaCode: '火星市',
      period: '2014',
      value: 1,
      qualifier: 'exact',
    });
    expect(area.statusCode).toBe(400);
    expect(area.json()).toMatchObject({
      code: 'AREA_UNKNOWN',
      message: { zh: expect.stringContaining('地区'), en: expect.stringContaining('area') },
    });
    const period = await post(`/indicators/${ownIndicator}/figures`, 'stats', {
      areaCode: '成都市',
      period: '2014-Q5',
      value: 1,
      qualifier: 'exact',
    });
    expect(period.statusCode).toBe(400);
    expect(period.json()).toMatchObject({ code: 'PERIOD_INVALID' });
    const unknown = await post(`/indicators/99999/figures`, 'stats', {
      areaCode: '成都市',
      period: '2014',
      value: 1,
      qualifier: 'exact',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'INDICATOR_NOT_FOUND' });
  });
});

describe('POST /api/v1/figures/import', () => {
  it('stores nothing when one row is bad, and names the row with its reason in zh and en', async () => {
    const before = {
      figures: await count('figures'),
      audit: await count('audit_log'),
      imports: await count('figure_imports'),
    };
    const csv = [
      HEADER,
      '电子商务交易额,成都市,2010,100000000000,元,preliminary,http://weste.net/2012/6-28/83558.html,一年时间',
      '电商交易额,双流县,2013,10,亿元,exact,,',
      '社会消费品零售总额,成都市,2013-13,1,元,exact,,',
      '不存在的指标,成都市,2013,1,元,exact,,',
      '社会消费品零售总额,火星市,2013,1,元,exact,,',
    ].join('\n');
    const res = await importFile('stats', 'bad.csv', csv);
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      code: string;
      errorCount: number;
      errors: { line: number; column?: string; message: { zh: string; en: string } }[];
    }>();
    expect(body.code).toBe('FIGURE_IMPORT_INVALID');
    expect(body.errors.map((e) => [e.line, e.column])).toEqual([
      [4, 'period'],
      [5, 'indicator'],
      [6, 'area'],
    ]);
    expect(body.errors[1]!.message.zh).toContain('第 5 行');
    expect(body.errors[1]!.message.en).toContain('unknown indicator "不存在的指标"');
    expect(body.errors[2]!.message.en).toContain('unknown area "火星市"');
    expect(await count('figures')).toBe(before.figures);
    expect(await count('audit_log')).toBe(before.audit);
    expect(await count('figure_imports')).toBe(before.imports);
  });

  it('imports a good file in one audited step: one audit row with counts and the file hash', async () => {
    const before = { figures: await count('figures'), audit: await count('audit_log') };
    const csv = [
      HEADER,
      '电子商务交易额,成都市,2011,200000000000,元,exact,http://weste.net/2012/6-28/83558.html,"其电子商务交易额达到2000亿元,全市"',
      '电商交易额,双流县,2013,10,亿元,exact,,',
      '社会消费品零售总额,成都市,2016,5620亿,元,preliminary,,',
      '社会消费品零售总额,成都市,2016,5647.4,亿元,exact,,',
    ].join('\r\n');
    const res = await importFile('stats', 'good.csv', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      imported: 4,
      revisions: 1,
      fileHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await count('figures')).toBe(before.figures + 4);
    expect(await count('audit_log')).toBe(before.audit + 1);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('figure.import');
    expect(JSON.parse(audit.after_json!)).toMatchObject({
      rows: 4,
      revisions: 1,
      fileHash: res.json<{ fileHash: string }>().fileHash,
    });
    // 双流县 in 2013 is the area that is 双流区 today: stored under its stable code, shown under its name then.
    const shuangliu = await t.db
      .selectFrom('figures')
      .selectAll()
      .where('period', '=', '2013')
      .where('value', '=', 1e9)
      .executeTakeFirstOrThrow();
    expect(shuangliu.area_code).toBe('510116');
    const retail = (await get(`/indicators/${otherIndicator}`)).json<{
      inForce: { period: string; value: number; qualifier: string }[];
    }>();
    expect(retail.inForce.find((f) => f.period === '2016')).toMatchObject({
      value: 564740000000,
      qualifier: 'exact',
    });
  });

  it('imports XLSX the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('figures');
    ws.addRow(['指标', '地区', '期间', '数值', '单位', '数据性质']);
    ws.addRow(['电子商务交易额', '成都市', 2015, 6500, '亿元', 'estimated']);
    ws.addRow(['电子商务交易额', '高新区', '2015-Q1', 100, '亿元', '超过']);
    const res = await importFile('secretariat', 'figures.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 2, revisions: 0 });
    const detail = (await get(`/indicators/${ownIndicator}`)).json<{
      inForce: { period: string; value: number; qualifier: string; area: { code: string } }[];
    }>();
    expect(detail.inForce.find((f) => f.period === '2015-Q1')).toMatchObject({
      value: 1e10,
      qualifier: 'more_than',
      area: { code: '510100-Z01' },
    });
  });

  it('refuses a unit officer’s rows for indicators their unit does not own, naming them', async () => {
    const before = await count('figures');
    const csv = [
      HEADER,
      '电子商务交易额,成都市,2009,1,元,exact,,',
      '社会消费品零售总额,成都市,2009,1,元,exact,,',
    ].join('\n');
    const res = await importFile('officer', 'mixed.csv', csv);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { line: number; message: { en: string } }[] }>().errors).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.objectContaining({ en: expect.stringContaining('not owned by your unit') }),
      }),
    ]);
    expect(await count('figures')).toBe(before);
  });

  it('keeps the rule "one figure in force" across batches, with revisions in the middle of a large file', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 1200; i++)
      lines.push(
        `社会消费品零售总额,锦江区,${1900 + (i % 120)}-${String((Math.floor(i / 120) % 12) + 1).padStart(2, '0')},${i},元,exact,,`,
      );
    // Line 700 repeats line 2's period with a final figure: a revision inside the file.
    lines.splice(700, 0, '社会消费品零售总额,锦江区,1900-01,777,元,exact,,');
    const res = await importFile('stats', 'big.csv', lines.join('\n'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1201, revisions: 1 });
    const inForce = await t.db
      .selectFrom('figures')
      .select(['value'])
      .where('indicator_id', '=', otherIndicator)
      .where('area_code', '=', '510104')
      .where('period', '=', '1900-01')
      .where('superseded_by', 'is', null)
      .execute();
    expect(inForce).toEqual([{ value: 777 }]);
  });

  it('refuses a request without a file, and an empty file, with clear problems', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/figures/import',
      headers: headers.stats,
      payload: {},
    });
    expect(none.statusCode).toBe(400);
    const empty = await importFile('stats', 'empty.csv', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'FIGURE_IMPORT_INVALID', errors: [{ line: 1 }] });
  });
});

describe('templates', () => {
  it('serves the CSV template with the published header and a real example row', async () => {
    const res = await get('/figures/template.csv');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('indicator,area,period,value,unit,qualifier,source_url,quote');
    expect(res.body).toContain('移动电子商务交易规模,成都市,2015,80600000000');
    // The template itself imports: its example row is a valid figure once the indicator exists.
  });

  it('serves the XLSX template', async () => {
    const res = await get('/figures/template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).values).toContain('indicator');
  });
});
