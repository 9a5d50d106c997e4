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
} from '../api/client.js';
import type { ApiPage } from './paging.js';

/** Issue 9's calls in one place (delivery and supervision routes). */

type Query = Record<string, string | number | boolean | undefined>;

export const deliveryApi = {
  task: (planId: number, nodeId: number) =>
    call<TaskDelivery>(u.GET(`/api/v1/plans/${planId}/tasks/${nodeId}`, {})),
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
  reports: (query: Query) => call<ApiPage<ReportSummary>>(u.GET('/api/v1/reports', { params: { query } })),
  report: (id: number) => call<ReportDetail>(u.GET(`/api/v1/reports/${id}`, {})),
  createReport: (body: { nodeId: number; period: string; unitId?: number }) =>
    call<ReportDetail>(u.POST('/api/v1/reports', { body })),
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
  ) => call<ReportDetail>(u.PUT(`/api/v1/reports/${id}`, { body })),
  submitReport: (id: number, version: number) =>
    call<ReportDetail>(u.POST(`/api/v1/reports/${id}/submit`, { body: { version } })),
  reviewReport: (id: number, body: { version: number; decision: 'accept' | 'return'; comment?: string }) =>
    call<ReportDetail>(u.POST(`/api/v1/reports/${id}/review`, { body })),
  saveContribution: (
    id: number,
    body: { version: number | null; progress: string; problems: string; nextSteps: string; submit?: boolean },
  ) => call<ReportDetail>(u.PUT(`/api/v1/reports/${id}/contribution`, { body })),
  evidenceUrl: (reportId: number) => `/api/v1/reports/${reportId}/evidence`,
  evidenceHref: (reportId: number, evidenceId: number) =>
    `/api/v1/reports/${reportId}/evidence/${evidenceId}`,
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
