import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { actorOf, requireUser } from '../plugins/auth.js';
import { DomainError } from '../errors/index.js';
import { IdParams } from '../common-schemas.js';
import { PlanIdParams } from '../plans/schemas.js';
import {
  Contribution,
  CreateReportBody,
  CreateWorkPlanBody,
  Evidence,
  EvidenceParams,
  PlanProgress,
  ProgressQuery,
  ReportCycle,
  ReportCycleBody,
  ReportDetail,
  ReportExportQuery,
  ReportListQuery,
  ReportPage,
  ReportReviewBody,
  ROLLUP_RULE,
  SaveContributionBody,
  SaveReportBody,
  SaveWorkPlanBody,
  TaskDelivery,
  TaskParams,
  UploadEvidenceBody,
  VersionBody,
  WorkPlanDetail,
  WorkPlanExportQuery,
  WorkPlanListQuery,
  WorkPlanPage,
  WorkPlanReviewBody,
} from './schemas.js';
import { chinaDate } from './access.js';
import {
  createWorkPlan,
  getWorkPlan,
  listWorkPlans,
  reviewWorkPlan,
  saveWorkPlan,
  submitWorkPlan,
} from './work-plans.service.js';
import { getReportCycle, setReportCycle } from './report-cycles.service.js';
import {
  getReport,
  listReports,
  openReport,
  reviewReport,
  saveContribution,
  saveReport,
  submitReport,
} from './reports.service.js';
import { addEvidence, attachmentDisposition, evidenceFile } from './evidence.service.js';
import { planProgress, taskDelivery } from './progress.service.js';
import { exportReports, exportWorkPlans } from './export.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

function badField(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { detail: `${path}: ${message}`, errors: [{ path, message }] });
}

/** The uploaded file (multipart field "file"), read whole (at most the multipart limit) before any lock is taken. */
async function uploadedFile(request: FastifyRequest): Promise<{ bytes: Buffer; fileName: string }> {
  if (!request.isMultipart())
    throw badField('/body/file', 'send the file as multipart/form-data, field "file"');
  let file: { bytes: Buffer; fileName: string } | null = null;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') file = { bytes, fileName: part.filename };
    }
  }
  if (!file) throw badField('/body/file', 'a file is required');
  if (file.fileName.length > 255 || file.fileName.includes('\0'))
    throw badField('/body/file', 'the file name must be at most 255 characters, without NUL characters');
  return file;
}

/**
 * Delivery (issue 9): work plans and their change requests, the reporting cycle, progress reports with the
 * supporting units' parts and evidence, and the roll-up. Record-level rules live in the services (access.ts):
 * a unit officer reads and writes only its own unit's records (and the reports of tasks it supports, to add its
 * part); the secretariat reviews; leaders read everything.
 */
export const deliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readers = app.authorize({ roles: ['admin', 'secretariat', 'leader', 'unit_officer'] });
  // Unit officers write their unit's records (checked per record); an admin may act for a unit.
  const officers = app.authorize({ roles: ['admin', 'unit_officer'] });
  const reviewers = app.authorize({ roles: ['admin', 'secretariat'] });
  const tags = ['delivery'];
  const today = (asOf?: string) => asOf ?? chinaDate(app.clock());

  // ------------------------------------------------------------ work plans

  app.get(
    '/work-plans',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'List work plans (a unit officer: its unit’s, and those of tasks it supports)',
        querystring: WorkPlanListQuery,
        response: { 200: WorkPlanPage },
      },
    },
    async (request) => listWorkPlans(app.db, requireUser(request), request.query),
  );

  app.get(
    '/work-plans/export.xlsx',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The work plans list as an Excel workbook (same filters, same visibility)',
        querystring: WorkPlanExportQuery,
        response: { 200: Binary('An XLSX workbook') },
      },
    },
    async (request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentDisposition('工作计划.xlsx'))
        .send(await exportWorkPlans(app.db, requireUser(request), request.query)),
  );

  app.post(
    '/work-plans',
    {
      onRequest: officers,
      schema: {
        tags,
        summary:
          'Draft a work plan for a task your unit leads (milestones: title, due date, deliverable, weight)',
        body: CreateWorkPlanBody,
        response: { 201: WorkPlanDetail },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createWorkPlan(app.db, actorOf(request), requireUser(request), app.clock(), request.body),
        ),
  );

  app.get(
    '/work-plans/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'A work plan: its approved baseline, every revision and the live milestones',
        params: IdParams,
        response: { 200: WorkPlanDetail },
      },
    },
    async (request) => getWorkPlan(app.db, requireUser(request), request.params.id),
  );

  app.put(
    '/work-plans/:id',
    {
      onRequest: officers,
      schema: {
        tags,
        summary:
          'Save the open revision; on an approved work plan this opens a change request (reason required). 409 with the current version when stale',
        params: IdParams,
        body: SaveWorkPlanBody,
        response: { 200: WorkPlanDetail },
      },
    },
    async (request) =>
      saveWorkPlan(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body,
      ),
  );

  app.post(
    '/work-plans/:id/submit',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'Submit the open revision to the secretariat',
        params: IdParams,
        body: VersionBody,
        response: { 200: WorkPlanDetail },
      },
    },
    async (request) =>
      submitWorkPlan(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body.version,
      ),
  );

  app.post(
    '/work-plans/:id/review',
    {
      onRequest: reviewers,
      schema: {
        tags,
        summary: 'Approve the submitted revision (it becomes the locked baseline) or return it with a reason',
        params: IdParams,
        body: WorkPlanReviewBody,
        response: { 200: WorkPlanDetail },
      },
    },
    async (request) =>
      reviewWorkPlan(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body,
      ),
  );

  // ------------------------------------------------------------ reporting cycle

  app.get(
    '/plans/:id/report-cycle',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'The plan’s reporting cycle and every period’s due date (Chinese working days, 调休 included)',
        params: PlanIdParams,
        response: { 200: ReportCycle },
      },
    },
    async (request) => getReportCycle(app.db, request.params.id, app.clock()),
  );

  app.put(
    '/plans/:id/report-cycle',
    {
      onRequest: reviewers,
      schema: {
        tags,
        summary: 'Set the plan’s reporting cycle: monthly or quarterly, due N working days after each period',
        params: PlanIdParams,
        body: ReportCycleBody,
        response: { 200: ReportCycle },
      },
    },
    async (request) => setReportCycle(app.db, actorOf(request), app.clock(), request.params.id, request.body),
  );

  // ------------------------------------------------------------ progress reports

  app.get(
    '/progress-reports',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'List progress reports (a unit officer: its unit’s, and those of tasks it supports)',
        querystring: ReportListQuery,
        response: { 200: ReportPage },
      },
    },
    async (request) => listReports(app.db, requireUser(request), request.query),
  );

  app.get(
    '/progress-reports/export.xlsx',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The progress reports list as an Excel workbook (same filters, same visibility)',
        querystring: ReportExportQuery,
        response: { 200: Binary('An XLSX workbook') },
      },
    },
    async (request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachmentDisposition('进展报告.xlsx'))
        .send(await exportReports(app.db, requireUser(request), request.query)),
  );

  app.post(
    '/progress-reports',
    {
      onRequest: officers,
      schema: {
        tags,
        summary:
          'Open the lead unit’s report for a task and period (201), or get the one that exists (200); a supporting unit may open it to add its part',
        body: CreateReportBody,
        response: { 200: ReportDetail, 201: ReportDetail },
      },
    },
    async (request, reply) => {
      const r = await openReport(app.db, actorOf(request), requireUser(request), app.clock(), request.body);
      return reply.code(r.created ? 201 : 200).send(r.report);
    },
  );

  app.get(
    '/progress-reports/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'A progress report with its milestones, the supporting units’ parts, evidence and history',
        params: IdParams,
        response: { 200: ReportDetail },
      },
    },
    async (request) => getReport(app.db, requireUser(request), request.params.id),
  );

  app.put(
    '/progress-reports/:id',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'Save the lead unit’s draft (409 with the current version when stale: nothing is lost)',
        params: IdParams,
        body: SaveReportBody,
        response: { 200: ReportDetail },
      },
    },
    async (request) =>
      saveReport(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body,
      ),
  );

  app.post(
    '/progress-reports/:id/submit',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'Submit the report',
        params: IdParams,
        body: VersionBody,
        response: { 200: ReportDetail },
      },
    },
    async (request) =>
      submitReport(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body.version,
      ),
  );

  app.post(
    '/progress-reports/:id/review',
    {
      onRequest: reviewers,
      schema: {
        tags,
        summary: 'Accept the submitted report or return it with comments (the history keeps each decision)',
        params: IdParams,
        body: ReportReviewBody,
        response: { 200: ReportDetail },
      },
    },
    async (request) =>
      reviewReport(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body,
      ),
  );

  app.put(
    '/progress-reports/:id/contribution',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'A supporting unit saves (and optionally submits) its part of the lead unit’s report',
        params: IdParams,
        body: SaveContributionBody,
        response: { 200: Contribution },
      },
    },
    async (request) =>
      saveContribution(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        request.params.id,
        request.body,
      ),
  );

  app.post(
    '/progress-reports/:id/evidence',
    {
      onRequest: officers,
      schema: {
        tags,
        summary:
          'Attach an evidence file (multipart field "file"; PDF, Word, Excel, PowerPoint, OFD, JPG/PNG, text, ZIP; at most 10 MiB)',
        params: IdParams,
        body: { content: { 'multipart/form-data': { schema: UploadEvidenceBody } } },
        response: { 201: Evidence },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const evidence = await addEvidence(
        app.db,
        actorOf(request),
        requireUser(request),
        app.clock(),
        app.config.dataDir,
        request.params.id,
        file,
      );
      return reply.code(201).send(evidence);
    },
  );

  app.get(
    '/progress-reports/:id/evidence/:evidenceId',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Download an evidence file (always as an attachment, with its checked content type)',
        params: EvidenceParams,
        response: { 200: Binary('The file') },
      },
    },
    async (request, reply) => {
      const { evidence, file } = await evidenceFile(
        app.db,
        requireUser(request),
        app.config.dataDir,
        request.params.id,
        request.params.evidenceId,
      );
      return reply
        .type(evidence.mediaType)
        .header('content-disposition', attachmentDisposition(evidence.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(await fs.promises.readFile(file));
    },
  );

  // ------------------------------------------------------------ roll-up and the task page

  app.get(
    '/plans/:id/progress',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Progress and a light for the plan and each item',
        description: ROLLUP_RULE,
        params: PlanIdParams,
        querystring: ProgressQuery,
        response: { 200: PlanProgress },
      },
    },
    async (request) => planProgress(app.db, request.params.id, today(request.query.asOf)),
  );

  app.get(
    '/plans/:id/tasks/:nodeId/delivery',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The task page: deadline, work plans (baseline and revisions), reports, evidence, progress',
        params: TaskParams,
        querystring: ProgressQuery,
        response: { 200: TaskDelivery },
      },
    },
    async (request) =>
      taskDelivery(
        app.db,
        requireUser(request),
        app.clock(),
        request.params.id,
        request.params.nodeId,
        today(request.query.asOf),
      ),
  );
};
