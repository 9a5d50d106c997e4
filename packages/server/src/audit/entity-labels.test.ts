import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import { CHENGDU_TEXT, confirm, flatPlan, getPlan, postImport } from '../imports/testing.js';
import type { AuditEntry } from './schemas.js';

// The audit log names what each row is about as people know it ("用户 王芳", "单位 市商务局（成都市）",
// "任务 (7) 统计制度" with its plan), not "用户 #2".

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  admin = await t.loginAs('admin');
});
afterAll(() => t.close());

describe('GET /api/v1/audit names its entities', () => {
  it('labels users, units, plans, items and imports, with the plan an item belongs to', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { username: 'wangfang', displayName: '王芳', role: 'leader', password: 'a long password' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const importId = (await postImport(t, admin, CHENGDU_TEXT)).id;
    const planId = await confirm(t, admin, importId);
    const item = flatPlan((await getPlan(t, admin, planId)).nodes).find((n) => n.title === '统计制度')!;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/plans/${planId}/nodes/${item.id}`,
      headers: admin.headers,
      payload: { note: '已完成' },
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=500', headers: admin.headers });
    const items = res.json<{ items: AuditEntry[] }>().items;
    const of = (type: string, id: number | string) =>
      items.find((e) => e.entityType === type && e.entityId === String(id));
    expect(of('user', created.json<{ id: number }>().id)).toMatchObject({
      entityLabel: '王芳（wangfang）',
      planId: null,
    });
    expect(of('plan', planId)).toMatchObject({
      entityLabel: '加快促进成都电子商务健康快速发展实施方案(2013—2015年)',
      planId,
    });
    expect(of('plan_node', item.id)).toMatchObject({ entityLabel: `${item.label} 统计制度`, planId });
    expect(of('import', importId)).toMatchObject({ planId });
    const unit = items.find((e) => e.entityType === 'unit')!;
    expect(unit.entityLabel).toMatch(/（成都市）$/);
  });
});
