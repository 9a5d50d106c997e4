import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from './db/schema.js';
import { API_PREFIX } from './app.js';
import { createTestApp, ROLES, TEST_PASSWORD, type TestApp } from './test/harness.js';
import { SYSTEM_ACTOR } from './audit/audit.js';
import { confirmImport, createImport } from './imports/imports-service.js';
import { getPlanDetail, updatePlan } from './plans/plans-service.js';
import { createIndicator } from './indicators/indicators.service.js';
import { createWorkPlan } from './delivery/work-plans.service.js';
import { openReport } from './delivery/reports.service.js';
import { getReportCycle } from './delivery/report-cycles.service.js';
import { updateNode } from './plans/plans-service.js';
import { DEFAULT_THRESHOLDS } from '@luoshi/core';

/**
 * The authorization matrix: every API route × every role × no login.
 *
 * HOW TO ADD A ROUTE — every route under /api/v1 MUST have an entry in EXPECTATIONS, or this test fails:
 *   'METHOD /api/v1/path/:param': { allow: <who> [, url] [, body] }
 *   - allow: 'anyone' (public too), 'logged-in' (every role, not the public), or a list of roles,
 *     e.g. ['admin', 'secretariat'].
 *   - url (optional): (f, who) => concrete URL. By default each `:param` is replaced by `f.params[param]`
 *     (or 1). Give one when a role is only allowed on certain records (e.g. a unit officer on a node of its
 *     own unit: return that node's URL for who === 'unit_officer').
 *   - body (optional): (f, who) => JSON body for POST/PUT/PATCH (default {}).
 * Allowed callers must not get 401/403 (a 400/404/409 is fine: the check is about authorization) nor 5xx;
 * everyone else must get 401 (no login) or 403 (wrong role). Requests use bearer tokens, so CSRF is out of
 * the way (it is tested in auth/csrf.test.ts). Record ids the routes need go in `setupFixtures` below.
 */
type Who = Role | 'public';
interface Fixtures {
  /** Values for path parameters by name (`:id` → params.id). */
  params: Record<string, string>;
  unitId: number;
  userId: number;
  /** Username of the user `userId` (password TEST_PASSWORD). */
  username: string;
  tokenId: number;
  /** A confirmed, published plan with one item led by `unitId` and one led by another unit, and a target. */
  planId: number;
  ownNodeId: number;
  targetId: number;
  /** Import drafts: one to edit, one to confirm, one to discard. */
  importId: number;
  confirmImportId: number;
  discardImportId: number;
  /** Two units for the merge route. */
  mergeUnitId: number;
  mergeIntoUnitId: number;
  /** An area to correct (广州市). */
  areaId: number;
  /** An indicator owned by `unitId` (a unit officer of it may enter its figures), and one owned by no unit. */
  ownIndicatorId: number;
  otherIndicatorId: number;
  /** Delivery: the work plan and a report of `unitId` on `ownNodeId`, and a report of another unit on a task
   * `unitId` supports (its officer may add its part). */
  workPlanId: number;
  reportId: number;
  period: string;
  supportedReportId: number;
}
interface Expectation {
  allow: 'anyone' | 'logged-in' | readonly Role[];
  url?: (f: Fixtures, who: Who) => string;
  body?: (f: Fixtures, who: Who) => unknown;
}

const ADMIN_SECRETARIAT: readonly Role[] = ['admin', 'secretariat'];
/** Everyone logged in except enterprise reporters (who see published plans only, and no units or drafts). */
const INTERNAL: readonly Role[] = ['admin', 'secretariat', 'leader', 'unit_officer', 'statistics_officer'];
/** Delivery records are read by the secretariat, leaders and unit officers (their own unit's). */
const DELIVERY_READERS: readonly Role[] = ['admin', 'secretariat', 'leader', 'unit_officer'];
/** Unit officers write their unit's records; an admin may act for a unit. */
const DELIVERY_WRITERS: readonly Role[] = ['admin', 'unit_officer'];
const MILESTONE = { title: '制定方案', dueDate: '2026-06-30', deliverable: '方案', weight: 1 };
const NOTICE_READERS: readonly Role[] = ['admin', 'secretariat', 'leader', 'unit_officer'];
const MATRIX_PLAN = [
  '矩阵测试方案',
  '一、主要任务',
  '（一）第一项任务。到2015年，交易额突破100亿元。（牵头单位：矩阵测试单位）',
  '（二）第二项任务。（牵头单位：矩阵另一单位）',
].join('\n');
const TARGET_INPUT = {
  indicator: '交易额',
  comparator: '>',
  value: 1e10,
  unit: '元',
  deadlineYear: 2015,
  cumulative: false,
};

const EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/v1/health': { allow: 'anyone' },
  'POST /api/v1/auth/login': {
    allow: 'anyone',
    body: (f) => ({ username: f.username, password: TEST_PASSWORD }),
  },
  'POST /api/v1/auth/logout': { allow: 'logged-in' },
  'GET /api/v1/auth/me': { allow: 'logged-in' },
  // A wrong current password (400): a right one would end the caller's token and the rest of the matrix with it.
  'POST /api/v1/me/password': {
    allow: 'logged-in',
    body: () => ({ currentPassword: 'not the password', newPassword: 'a new password' }),
  },
  'GET /api/v1/users': { allow: ['admin'] },
  'POST /api/v1/users': { allow: ['admin'] },
  'PATCH /api/v1/users/:id': { allow: ['admin'], url: (f) => `/api/v1/users/${f.userId}` },
  'GET /api/v1/tokens': { allow: 'logged-in' },
  'POST /api/v1/tokens': { allow: 'logged-in' },
  'DELETE /api/v1/tokens/:id': { allow: 'logged-in', url: (f) => `/api/v1/tokens/${f.tokenId}` },
  'GET /api/v1/audit': { allow: ADMIN_SECRETARIAT },
  'GET /api/v1/audit/head': { allow: ADMIN_SECRETARIAT },
  'GET /api/v1/areas': { allow: 'logged-in' },
  'POST /api/v1/areas': {
    allow: ['admin'],
    body: (_f, who) => ({
      code: `510100-M${who.length}`,
      name: `矩阵功能区${who}`,
      level: 'functional_zone',
      parentId: null,
    }),
  },
  'PATCH /api/v1/areas/:id': {
    allow: ['admin'],
    url: (f) => `/api/v1/areas/${f.areaId}`,
    body: () => ({ aliases: ['穗'] }),
  },
  'GET /api/v1/units': { allow: INTERNAL },
  'POST /api/v1/units': { allow: ADMIN_SECRETARIAT, body: (_f, who) => ({ name: `矩阵新单位-${who}` }) },
  'GET /api/v1/units/:id': { allow: INTERNAL, url: (f) => `/api/v1/units/${f.unitId}` },
  'PATCH /api/v1/units/:id': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/units/${f.unitId}`,
    body: () => ({ kind: 'department' }),
  },
  'POST /api/v1/units/:id/merge': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/units/${f.mergeUnitId}/merge`,
    body: (f) => ({ intoUnitId: f.mergeIntoUnitId }),
  },
  'GET /api/v1/imports': { allow: ADMIN_SECRETARIAT },
  'POST /api/v1/imports': { allow: ADMIN_SECRETARIAT, body: () => ({ text: MATRIX_PLAN }) },
  'GET /api/v1/imports/:id': { allow: ADMIN_SECRETARIAT, url: (f) => `/api/v1/imports/${f.importId}` },
  'PATCH /api/v1/imports/:id': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/imports/${f.importId}`,
    body: () => ({ title: '矩阵测试方案（修订）' }),
  },
  'PATCH /api/v1/imports/:id/nodes/:path': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/imports/${f.importId}/nodes/0.0`,
    body: () => ({ leadUnits: ['矩阵测试单位'] }),
  },
  'PUT /api/v1/imports/:id/targets/:index': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/imports/${f.importId}/targets/0`,
    body: () => TARGET_INPUT,
  },
  'DELETE /api/v1/imports/:id/targets/:index': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/imports/${f.importId}/targets/0`,
  },
  'POST /api/v1/imports/:id/confirm': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/imports/${f.confirmImportId}/confirm`,
  },
  'DELETE /api/v1/imports/:id': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/imports/${f.discardImportId}`,
  },
  'GET /api/v1/plans': { allow: 'logged-in' },
  'GET /api/v1/plans/:id': { allow: 'logged-in', url: (f) => `/api/v1/plans/${f.planId}` },
  'GET /api/v1/plans/:id/source': { allow: 'logged-in', url: (f) => `/api/v1/plans/${f.planId}/source` },
  'GET /api/v1/plans/:id/versions': {
    allow: 'logged-in',
    url: (f) => `/api/v1/plans/${f.planId}/versions`,
  },
  'GET /api/v1/plans/:id/versions/:n': {
    allow: 'logged-in',
    url: (f) => `/api/v1/plans/${f.planId}/versions/1`,
  },
  'GET /api/v1/plans/:id/versions/:a/diff/:b': {
    allow: 'logged-in',
    url: (f) => `/api/v1/plans/${f.planId}/versions/1/diff/1`,
  },
  'GET /api/v1/plans/:id/retired': {
    allow: 'logged-in',
    url: (f) => `/api/v1/plans/${f.planId}/retired`,
  },
  'PATCH /api/v1/plans/:id': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/plans/${f.planId}`,
    body: () => ({ title: '矩阵测试方案' }),
  },
  'PATCH /api/v1/plans/:id/nodes/:nodeId': {
    allow: ['admin', 'secretariat', 'unit_officer'],
    url: (f) => `/api/v1/plans/${f.planId}/nodes/${f.ownNodeId}`,
    body: () => ({ note: '已制定工作计划' }),
  },
  'PUT /api/v1/plans/:id/targets/:targetId': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/plans/${f.planId}/targets/${f.targetId}`,
    body: () => TARGET_INPUT,
  },
  'GET /api/v1/plans/:id/units': { allow: INTERNAL, url: (f) => `/api/v1/plans/${f.planId}/units` },
  'POST /api/v1/plans/:id/reimport': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/plans/${f.planId}/reimport`,
    body: () => ({ text: MATRIX_PLAN }),
  },
  'GET /api/v1/public/plans': { allow: 'anyone' },
  'GET /api/v1/public/plans/:id': { allow: 'anyone', url: (f) => `/api/v1/public/plans/${f.planId}` },
  'GET /api/v1/public/plans/:id/source': {
    allow: 'anyone',
    url: (f) => `/api/v1/public/plans/${f.planId}/source`,
  },
  'GET /api/v1/public/plans/:id/versions': {
    allow: 'anyone',
    url: (f) => `/api/v1/public/plans/${f.planId}/versions`,
  },
  'GET /api/v1/public/plans/:id/versions/:n': {
    allow: 'anyone',
    url: (f) => `/api/v1/public/plans/${f.planId}/versions/1`,
  },
  'GET /api/v1/public/plans/:id/versions/:a/diff/:b': {
    allow: 'anyone',
    url: (f) => `/api/v1/public/plans/${f.planId}/versions/1/diff/1`,
  },
  'GET /api/v1/indicators': { allow: 'logged-in' },
  'POST /api/v1/indicators': {
    allow: ADMIN_SECRETARIAT,
    body: (_f, who) => ({ name: `矩阵指标-${who}`, unit: '元', kind: 'flow' }),
  },
  'GET /api/v1/indicators/:id': { allow: 'logged-in', url: (f) => `/api/v1/indicators/${f.ownIndicatorId}` },
  'PATCH /api/v1/indicators/:id': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/indicators/${f.otherIndicatorId}`,
    body: () => ({ frequency: 'year' }),
  },
  // A unit officer only for an indicator its unit owns (record-level: figures.test.ts).
  'POST /api/v1/indicators/:id/figures': {
    allow: ['admin', 'secretariat', 'statistics_officer', 'unit_officer'],
    url: (f, who) =>
      `/api/v1/indicators/${who === 'unit_officer' ? f.ownIndicatorId : f.otherIndicatorId}/figures`,
    body: () => ({ areaCode: '成都市', period: '2015', value: 1, qualifier: 'exact' }),
  },
  // Without a multipart body: allowed callers get 400, the rest 401/403 before the body is read.
  'POST /api/v1/figures/import': { allow: ['admin', 'secretariat', 'statistics_officer', 'unit_officer'] },
  'GET /api/v1/figures/template.csv': { allow: 'logged-in' },
  'GET /api/v1/figures/template.xlsx': { allow: 'logged-in' },
  'PATCH /api/v1/targets/:id': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/targets/${f.targetId}`,
    body: (f) => ({ indicatorId: f.otherIndicatorId }),
  },
  'GET /api/v1/plans/:id/dashboard': {
    allow: 'logged-in',
    url: (f) => `/api/v1/plans/${f.planId}/dashboard`,
  },
  // Delivery (issue 9). Record-level rules (an officer only on its unit's records): delivery/delivery.test.ts.
  'GET /api/v1/work-plans': { allow: DELIVERY_READERS },
  'GET /api/v1/work-plans/export.xlsx': { allow: DELIVERY_READERS },
  'POST /api/v1/work-plans': {
    allow: DELIVERY_WRITERS,
    body: (f) => ({ nodeId: f.ownNodeId, milestones: [MILESTONE] }),
  },
  'GET /api/v1/work-plans/:id': { allow: DELIVERY_READERS, url: (f) => `/api/v1/work-plans/${f.workPlanId}` },
  'PUT /api/v1/work-plans/:id': {
    allow: DELIVERY_WRITERS,
    url: (f) => `/api/v1/work-plans/${f.workPlanId}`,
    body: () => ({ version: 999, milestones: [MILESTONE] }),
  },
  'POST /api/v1/work-plans/:id/submit': {
    allow: DELIVERY_WRITERS,
    url: (f) => `/api/v1/work-plans/${f.workPlanId}/submit`,
    body: () => ({ version: 999 }),
  },
  'POST /api/v1/work-plans/:id/review': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/work-plans/${f.workPlanId}/review`,
    body: () => ({ version: 999, decision: 'approve' }),
  },
  'GET /api/v1/plans/:id/report-cycle': {
    allow: DELIVERY_READERS,
    url: (f) => `/api/v1/plans/${f.planId}/report-cycle`,
  },
  'PUT /api/v1/plans/:id/report-cycle': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/plans/${f.planId}/report-cycle`,
    body: () => ({ frequency: 'quarter', dueWorkingDays: 5 }),
  },
  'GET /api/v1/progress-reports': { allow: DELIVERY_READERS },
  'GET /api/v1/progress-reports/export.xlsx': { allow: DELIVERY_READERS },
  'POST /api/v1/progress-reports': {
    allow: DELIVERY_WRITERS,
    body: (f) => ({ nodeId: f.ownNodeId, period: f.period }),
  },
  'GET /api/v1/progress-reports/:id': {
    allow: DELIVERY_READERS,
    url: (f) => `/api/v1/progress-reports/${f.reportId}`,
  },
  'PUT /api/v1/progress-reports/:id': {
    allow: DELIVERY_WRITERS,
    url: (f) => `/api/v1/progress-reports/${f.reportId}`,
    body: () => ({ version: 999, progress: '', problems: '', nextSteps: '' }),
  },
  'POST /api/v1/progress-reports/:id/submit': {
    allow: DELIVERY_WRITERS,
    url: (f) => `/api/v1/progress-reports/${f.reportId}/submit`,
    body: () => ({ version: 999 }),
  },
  'POST /api/v1/progress-reports/:id/review': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/progress-reports/${f.reportId}/review`,
    body: () => ({ version: 999, decision: 'accept' }),
  },
  'PUT /api/v1/progress-reports/:id/contribution': {
    allow: DELIVERY_WRITERS,
    url: (f) => `/api/v1/progress-reports/${f.supportedReportId}/contribution`,
    body: () => ({ version: null, progress: '配合推进', problems: '', nextSteps: '' }),
  },
  // Not multipart here: an allowed caller gets 400, the others 401/403 before the body is read.
  'POST /api/v1/progress-reports/:id/evidence': {
    allow: DELIVERY_WRITERS,
    url: (f) => `/api/v1/progress-reports/${f.reportId}/evidence`,
  },
  'GET /api/v1/progress-reports/:id/evidence/:evidenceId': {
    allow: DELIVERY_READERS,
    url: (f) => `/api/v1/progress-reports/${f.reportId}/evidence/1`,
  },
  'GET /api/v1/plans/:id/progress': {
    allow: DELIVERY_READERS,
    url: (f) => `/api/v1/plans/${f.planId}/progress`,
  },
  'GET /api/v1/plans/:id/tasks/:nodeId/delivery': {
    allow: DELIVERY_READERS,
    url: (f) => `/api/v1/plans/${f.planId}/tasks/${f.ownNodeId}/delivery`,
  },
  // Supervision: unit officers are let through to the notice routes; the service limits them to their own unit's
  // notices (record-level tests in supervision/supervision.test.ts).
  'GET /api/v1/supervision/notices': { allow: NOTICE_READERS },
  'GET /api/v1/supervision/notices.xlsx': { allow: NOTICE_READERS },
  'GET /api/v1/supervision/inbox': { allow: NOTICE_READERS },
  'GET /api/v1/supervision/board': { allow: ['admin', 'secretariat', 'leader'] },
  'GET /api/v1/supervision/notices/:id': { allow: NOTICE_READERS },
  'GET /api/v1/supervision/notices/:id/document.docx': { allow: NOTICE_READERS },
  'POST /api/v1/supervision/notices/:id/steps': {
    allow: ['admin', 'secretariat', 'unit_officer'],
    // Each caller a step of its own party (another party's step is a record-level 403, tested elsewhere).
    body: (_f, who) => ({ action: who === 'unit_officer' ? 'sign' : 'verify' }),
  },
  'GET /api/v1/plans/:id/supervision/settings': {
    allow: ['admin', 'secretariat', 'leader'],
    url: (f) => `/api/v1/plans/${f.planId}/supervision/settings`,
  },
  // A stale version (409) for the allowed: the check is about who may, not about the settings.
  'PUT /api/v1/plans/:id/supervision/settings': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/plans/${f.planId}/supervision/settings`,
    body: () => ({ thresholds: DEFAULT_THRESHOLDS, recipients: [], version: 99 }),
  },
  'POST /api/v1/plans/:id/supervision/run': {
    allow: ADMIN_SECRETARIAT,
    url: (f) => `/api/v1/plans/${f.planId}/supervision/run`,
    body: () => ({ asOf: '2014-07-10' }),
  },
  'GET /api/v1/plans/:id/supervision/runs': {
    allow: ['admin', 'secretariat', 'leader'],
    url: (f) => `/api/v1/plans/${f.planId}/supervision/runs`,
  },
  'GET /api/v1/webhooks': { allow: ADMIN_SECRETARIAT },
  'POST /api/v1/webhooks': {
    allow: ADMIN_SECRETARIAT,
    body: (_f, who) => ({
      name: `矩阵-${who}`,
      url: 'http://127.0.0.1:9/hook',
      format: 'generic',
      enabled: false,
    }),
  },
  'PATCH /api/v1/webhooks/:id': { allow: ADMIN_SECRETARIAT, body: () => ({ version: 1 }) },
  'DELETE /api/v1/webhooks/:id': { allow: ADMIN_SECRETARIAT },
  'GET /api/v1/webhooks/:id/deliveries': { allow: ADMIN_SECRETARIAT },
  // The generated API description is public, like the browsable reference.
  'GET /api/v1/openapi.json': { allow: 'anyone' },
};

let t: TestApp;
let fixtures: Fixtures;
const headersOf = new Map<Who, Record<string, string>>();

/** Records the routes need; extend when a route needs an existing entity. */
async function setupFixtures(t: TestApp): Promise<Fixtures> {
  const unitId = await t.createUnit('矩阵测试单位');
  const other = await t.createUser('leader');
  const { user: tokenOwner } = await t.bearerFor('leader');
  const token = await t.db
    .selectFrom('api_tokens')
    .select('id')
    .where('user_id', '=', tokenOwner.id)
    .executeTakeFirstOrThrow();
  const draft = (text: string) =>
    createImport(t.db, SYSTEM_ACTOR, { text, fileName: null, format: 'pasted', encoding: null });
  const { planId } = await confirmImport(t.db, SYSTEM_ACTOR, (await draft(MATRIX_PLAN)).id);
  const plan = await updatePlan(t.db, SYSTEM_ACTOR, planId, { published: true });
  const ownNode = plan.nodes.flatMap((n) => n.children).find((n) => n.leadUnits.some((u) => u.id === unitId));
  if (!ownNode || plan.targets.length === 0)
    throw new Error(
      `fixture plan not as expected: ${JSON.stringify(await getPlanDetail(t.db, planId, null))}`,
    );
  // Delivery: a work plan and a report of the fixture unit; the other task, supported by the fixture unit, with
  // a report of its lead unit.
  const officer = await t.createUser('unit_officer', { unitId });
  const actor = { userId: officer.id, label: officer.username };
  const now = Date.now();
  const workPlan = await createWorkPlan(t.db, actor, officer, now, {
    nodeId: ownNode.id,
    milestones: [MILESTONE],
  });
  const period = (await getReportCycle(t.db, planId, now)).periods[0]!.period;
  const report = await openReport(t.db, actor, officer, now, { nodeId: ownNode.id, period });
  const otherNode = plan.nodes.flatMap((n) => n.children).find((n) => n.id !== ownNode.id)!;
  await updateNode(t.db, SYSTEM_ACTOR, { role: 'admin', unitId: null }, planId, otherNode.id, {
    supportUnitIds: [unitId],
  });
  const otherOfficer = await t.createUser('unit_officer', { unitId: otherNode.leadUnits[0]!.id });
  const supported = await openReport(
    t.db,
    { userId: otherOfficer.id, label: otherOfficer.username },
    otherOfficer,
    now,
    { nodeId: otherNode.id, period },
  );
  return {
    workPlanId: workPlan.id,
    reportId: report.report.id,
    period,
    supportedReportId: supported.report.id,
    params: { id: '1' },
    unitId,
    userId: other.id,
    username: other.username,
    tokenId: token.id,
    planId,
    ownNodeId: ownNode.id,
    targetId: plan.targets[0]!.id,
    importId: (await draft(MATRIX_PLAN)).id,
    confirmImportId: (await draft(MATRIX_PLAN)).id,
    discardImportId: (await draft(MATRIX_PLAN)).id,
    mergeUnitId: await t.createUnit('矩阵重复单位'),
    mergeIntoUnitId: await t.createUnit('矩阵存续单位'),
    areaId: (
      await t.db.selectFrom('areas').select('id').where('code', '=', '440100').executeTakeFirstOrThrow()
    ).id,
    ownIndicatorId: (
      await createIndicator(t.db, SYSTEM_ACTOR, {
        name: '矩阵本单位指标',
        unit: '元',
        kind: 'flow',
        ownerUnitId: unitId,
      })
    ).id,
    otherIndicatorId: (
      await createIndicator(t.db, SYSTEM_ACTOR, { name: '矩阵其他指标', unit: '%', kind: 'rate' })
    ).id,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  fixtures = await setupFixtures(t);
  headersOf.set('public', {});
  for (const role of ROLES) {
    const { headers } = await t.bearerFor(role, role === 'unit_officer' ? { unitId: fixtures.unitId } : {});
    headersOf.set(role, headers);
  }
});
afterAll(() => t.close());

function apiRoutes(): string[] {
  const keys = t.app.registeredRoutes
    .filter((r) => r.url.startsWith(`${API_PREFIX}/`) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${r.url}`);
  return [...new Set(keys)].sort();
}

function isAllowed(e: Expectation, who: Who): boolean {
  if (e.allow === 'anyone') return true;
  if (who === 'public') return false;
  return e.allow === 'logged-in' || e.allow.includes(who);
}

describe('authorization matrix', () => {
  it('has an expectation for every API route, and none for routes that do not exist', () => {
    const routes = apiRoutes();
    const missing = routes.filter((r) => !(r in EXPECTATIONS));
    const stale = Object.keys(EXPECTATIONS).filter((k) => !routes.includes(k));
    expect(missing, 'routes without an entry in EXPECTATIONS (authz-matrix.test.ts)').toEqual([]);
    expect(stale, 'entries in EXPECTATIONS for routes that are not registered').toEqual([]);
  });

  it('lets exactly the allowed callers through, for every route × role × no login', async () => {
    const failures: string[] = [];
    const whos: Who[] = ['public', ...ROLES];
    for (const key of apiRoutes()) {
      const e = EXPECTATIONS[key];
      if (!e) continue; // reported by the test above
      const [method, pattern] = key.split(' ') as [string, string];
      for (const who of whos) {
        const url =
          e.url?.(fixtures, who) ??
          pattern.replace(/:(\w+)/g, (_m, name: string) => fixtures.params[name] ?? '1');
        const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: headersOf.get(who)!,
          ...(hasBody ? { payload: e.body?.(fixtures, who) ?? {} } : {}),
        });
        const allowed = isAllowed(e, who);
        const s = res.statusCode;
        const ok = allowed ? s !== 401 && s !== 403 && s < 500 : s === (who === 'public' ? 401 : 403);
        if (!ok)
          failures.push(
            `${key} as ${who}: ${allowed ? 'allowed' : 'denied'} but got ${s} ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });
});
