import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

/**
 * openapi-fetch hands out response data with tuples widened to arrays (its `Readable` mapping); the aliases below
 * go through the same mapping so that what a call returns and what a page declares are one type.
 */
type AsReturned<T> = T extends (infer E)[]
  ? AsReturned<E>[]
  : T extends object
    ? { [K in keyof T]: AsReturned<T[K]> }
    : T;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? AsReturned<T> : never;
type Ok<Op> = Op extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201>]> : never;

/** Shapes taken from the responses of the routes, so they follow the generated schema whatever it names them. */
export type Session = Ok<paths['/api/v1/auth/login']['post']>;
export type User = Ok<paths['/api/v1/auth/me']['get']>['user'];
export type Role = User['role'];
export type Unit = Ok<paths['/api/v1/units']['get']>['items'][number];
export type UnitDetail = Ok<paths['/api/v1/units/{id}']['get']>;
export type UnitTask = UnitDetail['tasks'][number];
export type ImportSummary = Ok<paths['/api/v1/imports']['get']>['items'][number];
export type ImportDraft = Ok<paths['/api/v1/imports/{id}']['get']>;
export type PlanSummary = Ok<paths['/api/v1/plans']['get']>['items'][number];
export type PlanDetail = Ok<paths['/api/v1/plans/{id}']['get']>;
export type PlanNode = PlanDetail['nodes'][number];
export type Target = PlanDetail['targets'][number];
export type DraftCorrection =
  paths['/api/v1/imports/{id}']['patch']['requestBody']['content']['application/json'];
export type TargetInput =
  paths['/api/v1/imports/{id}/targets/{index}']['put']['requestBody']['content']['application/json'];
export type PlanUnitShare = Ok<paths['/api/v1/plans/{id}/units']['get']>[number];
export type ApiToken = Ok<paths['/api/v1/tokens']['get']>['items'][number];
export type AuditPage = Ok<paths['/api/v1/audit']['get']>;
export type AuditEntry = AuditPage['items'][number];
export type AuditHead = Ok<paths['/api/v1/audit/head']['get']>;
export type AreaNode = Ok<paths['/api/v1/areas']['get']>[number];
export type Area = Ok<paths['/api/v1/areas/{id}']['patch']>;
export type AreaRef = NonNullable<Unit['area']>;
export type PlanChanges = NonNullable<ImportDraft['changes']>;
export type PlanVersionSummary = Ok<paths['/api/v1/plans/{id}/versions']['get']>[number];
export type PlanVersionDetail = Ok<paths['/api/v1/plans/{id}/versions/{n}']['get']>;
export type PlanVersionNode = PlanVersionDetail['nodes'][number];
export type RetiredContent = Ok<paths['/api/v1/plans/{id}/retired']['get']>;

export const ROLES: readonly Role[] = [
  'admin',
  'secretariat',
  'leader',
  'unit_officer',
  'statistics_officer',
  'enterprise_reporter',
];

/** A failed call, carrying the server's stable code and its Chinese and English message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { zh: string; en: string } | null,
  ) {
    super(text?.en ?? code);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Sends a file as multipart/form-data (field `file`) with the session's CSRF token, and returns the JSON answer or
 * throws an `ApiError` as `call` does. For uploads the typed client does not serialise (evidence files).
 */
export async function uploadFile<T>(url: string, file: Blob, fileName: string): Promise<T> {
  const form = new FormData();
  form.append('file', file, fileName);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
      body: form,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401) onUnauthorized?.();
    if (isProblem(body)) throw new ApiError(response.status, body.code, body.message ?? null);
    throw new ApiError(response.status, 'HTTP_' + String(response.status), null);
  }
  return body as T;
}

/** Called when a request other than login comes back 401: the session is gone. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken && WRITE_METHODS.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.includes('/auth/')) onUnauthorized?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionMiddleware);

/**
 * The same client without the generated paths, for issue 9's routes until they are on main (lib/delivery-api.ts is
 * its only user); remove with it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const untypedApi = createClient<any>({ baseUrl: '', credentials: 'same-origin' });
untypedApi.use(sessionMiddleware);

function isProblem(value: unknown): value is { code: string; message?: { zh: string; en: string } } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
  );
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an `ApiError` built from the problem+json body,
 * so that pages handle every failure in one place.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'NETWORK', null);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    if (isProblem(error)) throw new ApiError(response.status, error.code, error.message ?? null);
    throw new ApiError(response.status, 'HTTP_' + String(response.status), null);
  }
  return data as T;
}

/*
 * Issue 9 shapes, written by hand from the delivery and supervision schemas until their routes are on main; each
 * becomes an alias of the generated schema then.
 */
export interface SupervisionNotice {
  id: number;
  planId: number;
  planTitle: string;
  documentNumber: string;
  node: { id: number; label: string; title: string } | null;
  unit: { id: number; name: string };
  rule: 'milestone_overdue' | 'report_missing' | 'indicator_off_track' | 'no_update';
  subject: string;
  subjectDueOn: string | null;
  daysLate: number;
  level: 'blue' | 'yellow' | 'red';
  state: 'issued' | 'signed' | 'in_progress' | 'replied' | 'verified' | 'closed';
  raisedOn: string;
  stepDueOn: string | null;
  reply: string | null;
  version: number;
  updatedAt: string;
}
export type NoticeAction = 'sign' | 'start' | 'reply' | 'verify' | 'return' | 'close';
export interface NoticeEvent {
  id: number;
  kind: string;
  fromState: string | null;
  toState: string;
  fromLevel: string | null;
  toLevel: string;
  actor: string;
  at: string;
  asOf: string;
  comment: string | null;
}
export interface NoticeDetail {
  notice: SupervisionNotice;
  events: NoticeEvent[];
  actions: NoticeAction[];
}
interface LevelCounts {
  blue: number;
  yellow: number;
  red: number;
  total: number;
}
export interface SupervisionBoard {
  planId: number | null;
  units: (LevelCounts & { unitId: number; unitName: string })[];
  totals: LevelCounts;
}
type WorkPlanStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export interface RevisionMilestone {
  key: string;
  title: string;
  dueDate: string;
  deliverable: string;
  weight: number;
}
export interface WorkPlanRevision {
  number: number;
  kind: 'initial' | 'change';
  reason: string | null;
  status: WorkPlanStatus;
  reviewComment: string | null;
  milestones: RevisionMilestone[];
  createdAt: string;
  createdBy: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
}
export interface LiveMilestone extends RevisionMilestone {
  id: number;
  ordinal: number;
  state: 'not_started' | 'in_progress' | 'done';
  percent: number;
  completedOn: string | null;
  retired: boolean;
}
export interface WorkPlanSummary {
  id: number;
  planId: number;
  nodeId: number;
  nodePath: string;
  nodeLabel: string;
  nodeTitle: string;
  unitId: number;
  unitName: string;
  status: WorkPlanStatus;
  baselineRevision: number | null;
  currentRevision: number;
  pendingChange: boolean;
  version: number;
  example: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface WorkPlanDetail extends WorkPlanSummary {
  revisions: WorkPlanRevision[];
  milestones: LiveMilestone[];
  progress: number | null;
}
export interface ReportSummary {
  id: number;
  planId: number;
  nodeId: number;
  nodePath: string;
  nodeLabel: string;
  nodeTitle: string;
  unitId: number;
  unitName: string;
  period: string;
  dueDate: string;
  status: 'draft' | 'submitted' | 'accepted' | 'returned';
  percent: number;
  submittedOn: string | null;
  late: boolean | null;
  version: number;
  example: boolean;
  updatedAt: string;
}
export interface Contribution {
  id: number;
  unitId: number;
  unitName: string;
  progress: string;
  problems: string;
  nextSteps: string;
  status: 'draft' | 'submitted';
  version: number;
  example: boolean;
  updatedAt: string;
  submittedAt: string | null;
}
export interface Evidence {
  id: number;
  reportId: number;
  fileName: string;
  size: number;
  mediaType: string;
  sha256: string;
  unitId: number;
  uploadedAt: string;
}
export interface ReportMilestone {
  milestoneId: number;
  key: string;
  title: string;
  dueDate: string;
  weight: number;
  state: 'not_started' | 'in_progress' | 'done';
  percent: number;
  completedOn: string | null;
}
export interface ReportDetail extends ReportSummary {
  progress: string;
  problems: string;
  nextSteps: string;
  reviewComment: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  milestones: ReportMilestone[];
  contributions: Contribution[];
  evidence: Evidence[];
  events: {
    action: 'submitted' | 'accepted' | 'returned';
    comment: string | null;
    actor: string | null;
    at: string;
  }[];
}
export interface ReportCycle {
  planId: number;
  configured: boolean;
  frequency: 'month' | 'quarter';
  dueWorkingDays: number;
  firstPeriod: string;
  lastPeriod: string;
  version: number;
  example: boolean;
  periods: { period: string; start: string; end: string; dueDate: string }[];
}
type Light = 'green' | 'yellow' | 'red' | 'grey';
export interface PlanProgress {
  planId: number;
  asOf: string;
  rule: string;
  plan: { progress: number | null; light: Light; measuredTasks: number; overdueMilestones: number };
  items: {
    nodeId: number;
    progress: number | null;
    light: Light;
    measuredTasks: number;
    overdueMilestones: number;
  }[];
}
export interface TaskDelivery {
  node: {
    id: number;
    planId: number;
    path: string;
    label: string;
    title: string;
    deadline: unknown;
    leadUnits: { id: number; name: string }[];
    supportUnits: { id: number; name: string }[];
    retired: boolean;
  };
  progress: { progress: number | null; light: Light; overdueMilestones: number };
  asOf: string;
  workPlans: WorkPlanDetail[];
  reports: ReportSummary[];
  evidence: (Evidence & { period: string })[];
  cycle: ReportCycle;
}
