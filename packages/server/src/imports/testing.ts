import fs from 'node:fs';
import type { PlanDraft, PlanNodeDraft } from '@luoshi/core';
import type { TestApp, Session } from '../test/harness.js';
import { chengduPlanPath } from '../plans/fixture-path.js';
import type { ImportDraftView } from './imports-service.js';
import type { PlanDetail, PlanNodeView } from '../plans/plans-repository.js';

/** Helpers shared by the API tests of units, imports and plans. */
export const CHENGDU_TEXT = fs.readFileSync(chengduPlanPath(), 'utf8');

/** Every item of a draft tree with its dotted path. */
export function flatDraft(nodes: PlanNodeDraft[], prefix = ''): { path: string; node: PlanNodeDraft }[] {
  return nodes.flatMap((node, i) => {
    const path = prefix === '' ? String(i) : `${prefix}.${i}`;
    return [{ path, node }, ...flatDraft(node.children, path)];
  });
}

/** Every item of a plan tree. */
export function flatPlan(nodes: PlanNodeView[]): PlanNodeView[] {
  return nodes.flatMap((n) => [n, ...flatPlan(n.children)]);
}

export function draftPathOf(draft: PlanDraft, title: string): string {
  const hit = flatDraft(draft.nodes).find((f) => f.node.title === title);
  if (!hit) throw new Error(`no draft item titled ${title}`);
  return hit.path;
}

export async function postImport(
  t: TestApp,
  who: Session,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<ImportDraftView> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: who.headers,
    payload: { text, ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
  return res.json<ImportDraftView>();
}

export async function confirm(
  t: TestApp,
  who: Session,
  importId: number,
  payload: Record<string, unknown> = {},
): Promise<number> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${importId}/confirm`,
    headers: who.headers,
    payload,
  });
  if (res.statusCode !== 200) throw new Error(`confirm failed: ${res.statusCode} ${res.body}`);
  return res.json<{ planId: number }>().planId;
}

export async function getPlan(t: TestApp, who: Session, planId: number): Promise<PlanDetail> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/plans/${planId}`, headers: who.headers });
  if (res.statusCode !== 200) throw new Error(`plan ${planId}: ${res.statusCode} ${res.body}`);
  return res.json<PlanDetail>();
}

export function nodeTitled(plan: PlanDetail, title: string): PlanNodeView {
  const n = flatPlan(plan.nodes).find((x) => x.title === title);
  if (!n) throw new Error(`no plan item titled ${title}`);
  return n;
}

export async function unitIdNamed(t: TestApp, name: string): Promise<number> {
  const row = await t.db
    .selectFrom('units')
    .select('id')
    .where('name', '=', name)
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
  if (!row) throw new Error(`no unit named ${name}`);
  return row.id;
}

export async function countRows(
  t: TestApp,
  table: 'imports' | 'plans' | 'units' | 'plan_nodes' | 'targets' | 'audit_log',
): Promise<number> {
  const r = await t.db
    .selectFrom(table)
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every error is problem+json with a stable code and both languages' messages. */
export function problemOf(res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }): {
  status: number;
  code: string;
  message: { zh: string; en: string };
} {
  if (!String(res.headers['content-type']).includes('application/problem+json'))
    throw new Error(`not a problem: ${res.statusCode}`);
  return res.json();
}
