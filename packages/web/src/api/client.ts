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

/** One field a request was refused for: a JSON pointer into the request (`/body/thresholds/stepDays/issued`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A failed call, carrying the server's stable code, its Chinese and English message, and the fields it named
 * (a form shows each beside its field).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { zh: string; en: string } | null,
    readonly fields: readonly FieldProblem[] = [],
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

function isProblem(
  value: unknown,
): value is { code: string; message?: { zh: string; en: string }; errors?: unknown[] } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
  );
}

/** The field problems of a problem+json body (rows of a file import carry a line instead, and are left out). */
function fieldsOf(problem: { errors?: unknown[] }): FieldProblem[] {
  return (problem.errors ?? []).filter(
    (e): e is FieldProblem =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as { path?: unknown }).path === 'string' &&
      typeof (e as { message?: unknown }).message === 'string',
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
    if (isProblem(error))
      throw new ApiError(response.status, error.code, error.message ?? null, fieldsOf(error));
    throw new ApiError(response.status, 'HTTP_' + String(response.status), null);
  }
  return data as T;
}

/* Issue 9: delivery (work plans, reports, progress) and supervision (notices, board). */
export type WorkPlanSummary = Ok<paths['/api/v1/work-plans']['get']>['items'][number];
export type WorkPlanDetail = Ok<paths['/api/v1/work-plans/{id}']['get']>;
export type WorkPlanRevision = WorkPlanDetail['revisions'][number];
export type RevisionMilestone = WorkPlanRevision['milestones'][number];
export type LiveMilestone = WorkPlanDetail['milestones'][number];
export type ReportSummary = Ok<paths['/api/v1/progress-reports']['get']>['items'][number];
export type ReportDetail = Ok<paths['/api/v1/progress-reports/{id}']['get']>;
export type ReportMilestone = ReportDetail['milestones'][number];
export type Contribution = ReportDetail['contributions'][number];
export type Evidence = ReportDetail['evidence'][number];
export type ReportCycle = Ok<paths['/api/v1/plans/{id}/report-cycle']['get']>;
export type PlanProgress = Ok<paths['/api/v1/plans/{id}/progress']['get']>;
export type TaskDelivery = Ok<paths['/api/v1/plans/{id}/tasks/{nodeId}/delivery']['get']>;
export type SupervisionNotice = Ok<paths['/api/v1/supervision/notices']['get']>['items'][number];
export type NoticeDetail = Ok<paths['/api/v1/supervision/notices/{id}']['get']>;
export type NoticeAction = NoticeDetail['actions'][number];
export type NoticeEvent = NoticeDetail['events'][number];
export type SupervisionBoard = Ok<paths['/api/v1/supervision/board']['get']>;
export type SupervisionRun = Ok<paths['/api/v1/plans/{id}/supervision/run']['post']>;
export type SupervisionSettings = Ok<paths['/api/v1/plans/{id}/supervision/settings']['get']>;
export type NoticeContact = NonNullable<SupervisionSettings['contact']>;
export type SupervisionRunRow = Ok<paths['/api/v1/plans/{id}/supervision/runs']['get']>['items'][number];
export type Webhook = Ok<paths['/api/v1/webhooks']['get']>['items'][number];
export type WebhookDelivery = Ok<paths['/api/v1/webhooks/{id}/deliveries']['get']>['items'][number];
