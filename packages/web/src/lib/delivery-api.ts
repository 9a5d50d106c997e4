import {
  api,
  call,
  type PlanProgress,
  type ReportSummary,
  type SupervisionNotice,
  type WorkPlanDetail,
  type WorkPlanSummary,
} from '../api/client.js';
import type { paths } from '../api/schema.js';
import { loadAllPages } from './paging.js';

/** Issue 9's calls in one place (delivery and supervision routes). */

type Q<P extends keyof paths, M extends 'get'> = paths[P][M] extends { parameters: { query?: infer T } }
  ? T
  : never;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

const path = (id: number) => ({ params: { path: { id } } });

export const deliveryApi = {
  task: (planId: number, nodeId: number) =>
    call(api.GET('/api/v1/plans/{id}/tasks/{nodeId}/delivery', { params: { path: { id: planId, nodeId } } })),
  planProgress: (planId: number) => call(api.GET('/api/v1/plans/{id}/progress', path(planId))),
  reportCycle: (planId: number) => call(api.GET('/api/v1/plans/{id}/report-cycle', path(planId))),
  setReportCycle: (planId: number, body: Body<'/api/v1/plans/{id}/report-cycle', 'put'>) =>
    call(api.PUT('/api/v1/plans/{id}/report-cycle', { ...path(planId), body })),
  workPlans: (query: Q<'/api/v1/work-plans', 'get'>) =>
    call(api.GET('/api/v1/work-plans', { params: { query } })),
  workPlan: (id: number) => call(api.GET('/api/v1/work-plans/{id}', path(id))),
  createWorkPlan: (body: Body<'/api/v1/work-plans', 'post'>) =>
    call(api.POST('/api/v1/work-plans', { body })),
  saveWorkPlan: (id: number, body: Body<'/api/v1/work-plans/{id}', 'put'>) =>
    call(api.PUT('/api/v1/work-plans/{id}', { ...path(id), body })),
  submitWorkPlan: (id: number, version: number) =>
    call(api.POST('/api/v1/work-plans/{id}/submit', { ...path(id), body: { version } })),
  reviewWorkPlan: (id: number, body: Body<'/api/v1/work-plans/{id}/review', 'post'>) =>
    call(api.POST('/api/v1/work-plans/{id}/review', { ...path(id), body })),
  reports: (query: Q<'/api/v1/progress-reports', 'get'>) =>
    call(api.GET('/api/v1/progress-reports', { params: { query } })),
  report: (id: number) => call(api.GET('/api/v1/progress-reports/{id}', path(id))),
  createReport: (body: Body<'/api/v1/progress-reports', 'post'>) =>
    call(api.POST('/api/v1/progress-reports', { body })),
  saveReport: (id: number, body: Body<'/api/v1/progress-reports/{id}', 'put'>) =>
    call(api.PUT('/api/v1/progress-reports/{id}', { ...path(id), body })),
  submitReport: (id: number, version: number) =>
    call(api.POST('/api/v1/progress-reports/{id}/submit', { ...path(id), body: { version } })),
  reviewReport: (id: number, body: Body<'/api/v1/progress-reports/{id}/review', 'post'>) =>
    call(api.POST('/api/v1/progress-reports/{id}/review', { ...path(id), body })),
  saveContribution: (id: number, body: Body<'/api/v1/progress-reports/{id}/contribution', 'put'>) =>
    call(api.PUT('/api/v1/progress-reports/{id}/contribution', { ...path(id), body })),
  evidenceUrl: (reportId: number) => `/api/v1/progress-reports/${reportId}/evidence`,
  evidenceHref: (reportId: number, evidenceId: number) =>
    `/api/v1/progress-reports/${reportId}/evidence/${evidenceId}`,
};

export const supervisionApi = {
  notices: (query: Q<'/api/v1/supervision/notices', 'get'>) =>
    call(api.GET('/api/v1/supervision/notices', { params: { query } })),
  inbox: (query: Q<'/api/v1/supervision/inbox', 'get'>) =>
    call(api.GET('/api/v1/supervision/inbox', { params: { query } })),
  board: (planId?: number) => call(api.GET('/api/v1/supervision/board', { params: { query: { planId } } })),
  notice: (id: number) => call(api.GET('/api/v1/supervision/notices/{id}', path(id))),
  step: (id: number, body: Body<'/api/v1/supervision/notices/{id}/steps', 'post'>) =>
    call(api.POST('/api/v1/supervision/notices/{id}/steps', { ...path(id), body })),
  run: (planId: number, asOf?: string) =>
    call(api.POST('/api/v1/plans/{id}/supervision/run', { ...path(planId), body: { asOf } })),
  documentHref: (id: number) => `/api/v1/supervision/notices/${id}/document.docx`,
  settings: (planId: number) => call(api.GET('/api/v1/plans/{id}/supervision/settings', path(planId))),
  saveSettings: (planId: number, body: Body<'/api/v1/plans/{id}/supervision/settings', 'put'>) =>
    call(api.PUT('/api/v1/plans/{id}/supervision/settings', { ...path(planId), body })),
  runs: (planId: number, query: Q<'/api/v1/plans/{id}/supervision/runs', 'get'>) =>
    call(api.GET('/api/v1/plans/{id}/supervision/runs', { params: { path: { id: planId }, query } })),
};

/** The webhooks (消息推送) that hear of notices: generic signed JSON, 企业微信 and 钉钉 group robots. */
export const webhookApi = {
  list: (query: Q<'/api/v1/webhooks', 'get'>) => call(api.GET('/api/v1/webhooks', { params: { query } })),
  create: (body: Body<'/api/v1/webhooks', 'post'>) => call(api.POST('/api/v1/webhooks', { body })),
  update: (id: number, body: Body<'/api/v1/webhooks/{id}', 'patch'>) =>
    call(api.PATCH('/api/v1/webhooks/{id}', { ...path(id), body })),
  remove: (id: number) => call(api.DELETE('/api/v1/webhooks/{id}', path(id))),
  deliveries: (id: number, query: Q<'/api/v1/webhooks/{id}/deliveries', 'get'>) =>
    call(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query } })),
};

/** What a unit's workspace shows beside its tasks: progress per task, milestones, reports owed, open notices. */
export interface WorkspaceDelivery {
  asOf: string;
  progress: Map<number, PlanProgress['items'][number]>;
  milestones: (WorkPlanDetail['milestones'][number] & { workPlan: WorkPlanSummary })[];
  reportsDue: {
    planId: number;
    nodeId: number;
    label: string;
    title: string;
    period: string;
    dueDate: string;
    overdue: boolean;
    report: ReportSummary | null;
  }[];
  notices: SupervisionNotice[];
}

/**
 * Reads a unit's delivery for its workspace: each plan's roll-up, the approved work plans' milestones, the reports
 * it owes as lead unit (periods begun by today without a submitted or accepted report) and its open notices.
 */
export async function loadWorkspaceDelivery(
  unitId: number,
  leadTasks: { planId: number; nodeId: number; label: string; title: string }[],
  planIds: number[],
): Promise<WorkspaceDelivery> {
  const [progress, cycles, plans, reports, notices] = await Promise.all([
    Promise.all(planIds.map((id) => deliveryApi.planProgress(id))),
    Promise.all(planIds.map((id) => deliveryApi.reportCycle(id))),
    loadAllPages((cursor) => deliveryApi.workPlans({ unitId, limit: 200, cursor })),
    loadAllPages((cursor) => deliveryApi.reports({ unitId, limit: 200, cursor })),
    loadAllPages((cursor) => supervisionApi.inbox({ unitId, limit: 200, cursor })),
  ]);
  const asOf = progress[0]?.asOf ?? new Date().toISOString().slice(0, 10);
  const byNode = new Map(progress.flatMap((p) => p.items.map((i) => [i.nodeId, i] as const)));
  const approved = plans.filter((p) => p.baselineRevision !== null);
  const details = await Promise.all(approved.map((p) => deliveryApi.workPlan(p.id)));
  const milestones = details.flatMap((d, i) =>
    d.milestones.filter((m) => !m.retired).map((m) => ({ ...m, workPlan: approved[i]! })),
  );
  const have = new Map(reports.map((r) => [`${r.nodeId}:${r.period}`, r]));
  const reportsDue: WorkspaceDelivery['reportsDue'] = [];
  for (const task of leadTasks) {
    const cycle = cycles[planIds.indexOf(task.planId)];
    for (const p of cycle?.periods ?? []) {
      if (p.start > asOf) continue;
      const report = have.get(`${task.nodeId}:${p.period}`) ?? null;
      if (report && (report.status === 'submitted' || report.status === 'accepted')) continue;
      reportsDue.push({ ...task, period: p.period, dueDate: p.dueDate, overdue: p.dueDate < asOf, report });
    }
  }
  reportsDue.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return { asOf, progress: byNode, milestones, reportsDue, notices };
}
