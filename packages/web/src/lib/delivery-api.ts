import {
  call,
  untypedApi as u,
  type NoticeAction,
  type NoticeDetail,
  type PlanProgress,
  type ReportDetail,
  type ReportSummary,
  type SupervisionBoard,
  type SupervisionNotice,
  type TaskDelivery,
  type WorkPlanDetail,
  type WorkPlanSummary,
  type RevisionMilestone,
  type ReportCycle,
} from '../api/client.js';
import { loadAllPages, type ApiPage } from './paging.js';

/** Issue 9's calls in one place (delivery and supervision routes). */

type Query = Record<string, string | number | boolean | undefined>;

export const deliveryApi = {
  task: (planId: number, nodeId: number) =>
    call<TaskDelivery>(u.GET(`/api/v1/plans/${planId}/tasks/${nodeId}/delivery`, {})),
  planProgress: (planId: number) => call<PlanProgress>(u.GET(`/api/v1/plans/${planId}/progress`, {})),
  workPlans: (query: Query) =>
    call<ApiPage<WorkPlanSummary>>(u.GET('/api/v1/work-plans', { params: { query } })),
  workPlan: (id: number) => call<WorkPlanDetail>(u.GET(`/api/v1/work-plans/${id}`, {})),
  createWorkPlan: (body: { nodeId: number; unitId?: number; milestones: Omit<RevisionMilestone, 'key'>[] }) =>
    call<WorkPlanDetail>(u.POST('/api/v1/work-plans', { body })),
  saveWorkPlan: (
    id: number,
    body: {
      version: number;
      milestones: (Omit<RevisionMilestone, 'key'> & { key?: string })[];
      reason?: string;
    },
  ) => call<WorkPlanDetail>(u.PUT(`/api/v1/work-plans/${id}`, { body })),
  submitWorkPlan: (id: number, version: number) =>
    call<WorkPlanDetail>(u.POST(`/api/v1/work-plans/${id}/submit`, { body: { version } })),
  reviewWorkPlan: (id: number, body: { version: number; decision: 'approve' | 'return'; comment?: string }) =>
    call<WorkPlanDetail>(u.POST(`/api/v1/work-plans/${id}/review`, { body })),
  reports: (query: Query) =>
    call<ApiPage<ReportSummary>>(u.GET('/api/v1/progress-reports', { params: { query } })),
  report: (id: number) => call<ReportDetail>(u.GET(`/api/v1/progress-reports/${id}`, {})),
  createReport: (body: { nodeId: number; period: string; unitId?: number }) =>
    call<ReportDetail>(u.POST('/api/v1/progress-reports', { body })),
  saveReport: (
    id: number,
    body: {
      version: number;
      percent?: number;
      progress: string;
      problems: string;
      nextSteps: string;
      milestones: { milestoneId: number; state: string; percent: number }[];
    },
  ) => call<ReportDetail>(u.PUT(`/api/v1/progress-reports/${id}`, { body })),
  submitReport: (id: number, version: number) =>
    call<ReportDetail>(u.POST(`/api/v1/progress-reports/${id}/submit`, { body: { version } })),
  reviewReport: (id: number, body: { version: number; decision: 'accept' | 'return'; comment?: string }) =>
    call<ReportDetail>(u.POST(`/api/v1/progress-reports/${id}/review`, { body })),
  saveContribution: (
    id: number,
    body: { version: number | null; progress: string; problems: string; nextSteps: string; submit?: boolean },
  ) => call<ReportDetail>(u.PUT(`/api/v1/progress-reports/${id}/contribution`, { body })),
  evidenceUrl: (reportId: number) => `/api/v1/progress-reports/${reportId}/evidence`,
  evidenceHref: (reportId: number, evidenceId: number) =>
    `/api/v1/progress-reports/${reportId}/evidence/${evidenceId}`,
};

export const supervisionApi = {
  notices: (query: Query) =>
    call<ApiPage<SupervisionNotice>>(u.GET('/api/v1/supervision/notices', { params: { query } })),
  inbox: (query: Query) =>
    call<ApiPage<SupervisionNotice>>(u.GET('/api/v1/supervision/inbox', { params: { query } })),
  board: (planId?: number) =>
    call<SupervisionBoard>(u.GET('/api/v1/supervision/board', { params: { query: { planId } } })),
  notice: (id: number) => call<NoticeDetail>(u.GET(`/api/v1/supervision/notices/${id}`, {})),
  step: (id: number, body: { action: NoticeAction; text?: string | null; version?: number }) =>
    call<NoticeDetail>(u.POST(`/api/v1/supervision/notices/${id}/steps`, { body })),
  run: (planId: number, asOf?: string) =>
    call<{ runId: number; planId: number; asOf: string; raised: number; escalated: number }>(
      u.POST(`/api/v1/plans/${planId}/supervision/run`, { body: { asOf } }),
    ),
  documentHref: (id: number) => `/api/v1/supervision/notices/${id}/document.docx`,
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
    Promise.all(planIds.map((id) => call<ReportCycle>(u.GET(`/api/v1/plans/${id}/report-cycle`, {})))),
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
