import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from '../audit/audit.js';
import { seedUnits } from '../units/units-service.js';
import { CHENGDU_UNITS } from '../units/chengdu-units.js';
import { chengduPlanPath } from '../plans/fixture-path.js';

const CHENGDU = fs.readFileSync(chengduPlanPath(), 'utf8');

interface DraftNode {
  label: string;
  title: string;
  leadUnits: string[];
  supportUnits: string[];
  children: DraftNode[];
}

/** Every item of a draft tree with its dotted path. */
function flat(nodes: DraftNode[], prefix = ''): { path: string; node: DraftNode }[] {
  return nodes.flatMap((node, i) => {
    const path = prefix === '' ? String(i) : `${prefix}.${i}`;
    return [{ path, node }, ...flat(node.children, path)];
  });
}

let t: TestApp;
let sec: Session;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnits(t.db, SYSTEM_ACTOR, CHENGDU_UNITS);
  sec = await t.loginAs('secretariat');
});
afterAll(() => t.close());

describe('importing the Chengdu plan', () => {
  it('smoke', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: sec.headers, payload: { text: CHENGDU, fileName: 'chengdu.txt' } });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    const withLead = flat(draft.draft.nodes).filter((f) => f.node.leadUnits.length > 0);
    expect(withLead).toHaveLength(25);
    expect(draft.draft.targets).toHaveLength(7);
    expect(draft.unitResolution.filter((u: { unitId: number | null }) => u.unitId === null)).toEqual([]);
    const conf = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${draft.id}/confirm`, headers: sec.headers, payload: {} });
    expect(conf.statusCode, conf.body).toBe(200);
    const plan = await t.app.inject({ method: 'GET', url: `/api/v1/plans/${conf.json().planId}`, headers: sec.headers });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toMatchObject({ taskCount: 25, targetCount: 7, unitCount: 17 });
    expect(plan.json().nodes[1].children[0].leadUnits).toHaveLength(2);
  });
});
