import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from './units-service.js';
import { CHENGDU_UNITS } from './chengdu-units.js';
import type { Unit } from './units-repository.js';
import { confirm, getPlan, nodeTitled, postImport, problemOf, unitIdNamed } from '../imports/testing.js';

let t: TestApp;
let sec: Session;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
});
afterAll(() => t.close());

const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: sec.headers,
    ...(payload === undefined ? {} : { payload }),
  });

describe('the units registry', () => {
  it('holds the Chengdu lead units under their official names, and seeding twice adds nothing', async () => {
    const units = (await inject('GET', '/units?limit=200')).json<{ items: Unit[] }>().items;
    expect(units.map((u) => u.name)).toEqual(CHENGDU_UNITS.map((u) => u.name));
    expect(units.find((u) => u.name === '市发改委')).toMatchObject({
      fullName: '成都市发展和改革委员会',
      kind: 'department',
    });
    expect(units.find((u) => u.name === '市人社局')?.fullName).toBe('成都市人力资源和社会保障局');
    expect(await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS)).toBe(0);
  });

  it('creates and edits units, refusing a name or alias that already stands for another unit', async () => {
    const res = await inject('POST', '/units', {
      name: '市口岸物流办',
      fullName: '成都市口岸与物流办公室',
      aliases: ['市口岸办', ' 市口岸办 '],
    });
    expect(res.statusCode, res.body).toBe(201);
    const unit = res.json<Unit>();
    expect(unit).toMatchObject({ name: '市口岸物流办', kind: 'department', aliases: ['市口岸办'] });

    for (const body of [
      { name: '市商务局' },
      { name: '市商务局 ' },
      { name: '新单位', aliases: ['成都市发展和改革委员会'] },
      { name: '新单位', fullName: '成都市发改委' },
    ]) {
      expect(problemOf(await inject('POST', '/units', body))).toMatchObject({
        status: 409,
        code: 'UNIT_NAME_TAKEN',
      });
    }
    const patched = await inject('PATCH', `/units/${unit.id}`, { aliases: ['市物流口岸办'], kind: 'other' });
    expect(patched.json<Unit>()).toMatchObject({
      aliases: ['市物流口岸办'],
      kind: 'other',
      fullName: '成都市口岸与物流办公室',
    });
    expect(problemOf(await inject('PATCH', `/units/${unit.id}`, { name: '市物流办' }))).toMatchObject({
      status: 409,
      code: 'UNIT_NAME_TAKEN',
    });

    const audit = await inject('GET', `/audit?entityType=unit&entityId=${unit.id}`);
    const entries = audit.json<{ items: { action: string; before: Unit | null; after: Unit }[] }>().items;
    expect(entries.map((e) => e.action)).toEqual(['unit.update', 'unit.create']);
    expect(entries[0]).toMatchObject({
      before: { aliases: ['市口岸办'] },
      after: { aliases: ['市物流口岸办'] },
    });
  });

  it('resolves imported names by full name and by alias', async () => {
    const d = await postImport(
      t,
      sec,
      '示范方案\n一、主要任务\n（一）开展试点。（牵头单位：成都市经信委、成都市人民政府政务服务中心）',
    );
    expect(d.unitResolution).toEqual([
      {
        name: '成都市经信委',
        unitId: await unitIdNamed(t, '市经信委'),
        unitName: '市经信委',
        matchedBy: 'alias',
      },
      {
        name: '成都市人民政府政务服务中心',
        unitId: await unitIdNamed(t, '市政府政务中心'),
        unitName: '市政府政务中心',
        matchedBy: 'name',
      },
    ]);
  });

  it('merges a duplicate: its tasks move, its name becomes an alias, later imports resolve to the survivor', async () => {
    // An import names the commerce bureau by an old name, which confirmation turns into a new unit.
    const planId = await confirm(
      t,
      sec,
      (
        await postImport(
          t,
          sec,
          '示范方案\n一、主要任务\n（一）发展网络零售。（牵头单位：市商务委）\n（二）完善统计。（牵头单位：市统计局；配合单位：市商务委）',
        )
      ).id,
    );
    const dup = await unitIdNamed(t, '市商务委');
    const survivor = await unitIdNamed(t, '市商务局');
    const officer = await t.createUser('unit_officer', { unitId: dup });

    const res = await inject('POST', `/units/${dup}/merge`, { intoUnitId: survivor });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Unit>()).toMatchObject({
      id: survivor,
      name: '市商务局',
      aliases: expect.arrayContaining(['市商务委']),
    });

    const plan = await getPlan(t, sec, planId);
    expect(nodeTitled(plan, '发展网络零售').leadUnits).toEqual([{ id: survivor, name: '市商务局' }]);
    expect(nodeTitled(plan, '完善统计').supportUnits).toEqual([{ id: survivor, name: '市商务局' }]);
    const page = (await inject('GET', `/units/${survivor}`)).json<{
      tasks: { planId: number; title: string; role: string }[];
    }>();
    expect(page.tasks.filter((x) => x.planId === planId)).toEqual([
      expect.objectContaining({ title: '发展网络零售', role: 'lead' }),
      expect.objectContaining({ title: '完善统计', role: 'support' }),
    ]);
    expect((await inject('GET', `/units/${dup}`)).json()).toMatchObject({
      unit: { name: '市商务委' },
      tasks: [],
    });
    expect(
      (await inject('GET', '/units?limit=200')).json<{ items: Unit[] }>().items.map((u) => u.id),
    ).not.toContain(dup);
    expect(
      (
        await t.db
          .selectFrom('users')
          .select('unit_id')
          .where('id', '=', officer.id)
          .executeTakeFirstOrThrow()
      ).unit_id,
    ).toBe(survivor);

    const later = await postImport(
      t,
      sec,
      '示范方案\n一、主要任务\n（一）发展网络零售。（牵头单位：市商务委）',
    );
    expect(later.unitResolution[0]).toMatchObject({ unitId: survivor, matchedBy: 'alias' });

    const audit = (await inject('GET', `/audit?entityType=unit&entityId=${survivor}`)).json<{
      items: { action: string; before: unknown; after: unknown }[];
    }>();
    expect(audit.items[0]).toMatchObject({
      action: 'unit.merge',
      before: { merged: { id: dup } },
      after: { mergedUnitId: dup, movedTaskLinks: 2 },
    });
  });

  it('two simultaneous merges of one unit: one succeeds, the other finds it merged', async () => {
    const a = (await inject('POST', '/units', { name: '市贸促会' })).json<Unit>().id;
    const b = (await inject('POST', '/units', { name: '市国际贸易促进委员会' })).json<Unit>().id;
    const c = (await inject('POST', '/units', { name: '成都国际商会' })).json<Unit>().id;
    const results = await Promise.all([
      inject('POST', `/units/${a}/merge`, { intoUnitId: b }),
      inject('POST', `/units/${a}/merge`, { intoUnitId: c }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    const aliasesOf = async (id: number) =>
      (await inject('GET', `/units/${id}`)).json<{ unit: Unit }>().unit.aliases;
    expect([...(await aliasesOf(b)), ...(await aliasesOf(c))].filter((x) => x === '市贸促会')).toHaveLength(
      1,
    );
  });

  it('refuses merging a unit into itself or a unit already merged away', async () => {
    const a = await unitIdNamed(t, '市旅游局');
    expect(problemOf(await inject('POST', `/units/${a}/merge`, { intoUnitId: a }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const dup = (
      await t.db.selectFrom('units').select('id').where('name', '=', '市商务委').executeTakeFirstOrThrow()
    ).id;
    expect(problemOf(await inject('POST', `/units/${dup}/merge`, { intoUnitId: a }))).toMatchObject({
      status: 404,
      code: 'UNIT_NOT_FOUND',
    });
    expect(problemOf(await inject('POST', `/units/${a}/merge`, { intoUnitId: dup }))).toMatchObject({
      status: 404,
      code: 'UNIT_NOT_FOUND',
    });
  });
});
