import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { actorOf, requireUser } from '../plugins/auth.js';
import { IdParams } from '../common-schemas.js';
import { PlanIdParams } from '../plans/schemas.js';
import {
  Board,
  BoardQuery,
  CreateWebhookBody,
  DeliveryPage,
  InboxQuery,
  NoticeDetail,
  NoticeExportQuery,
  NoticeListQuery,
  NoticePage,
  PageQuery,
  RunBody,
  RunPage,
  RunResult,
  Settings,
  SettingsBody,
  StepBody,
  UpdateWebhookBody,
  Webhook,
  WebhookPage,
} from './schemas.js';
import {
  allNotices,
  getSettings,
  listNotices,
  listRuns,
  noticeDetail,
  putSettings,
  supervisionBoard,
  takeNoticeStep,
  unitInbox,
  type NoticeViewer,
} from './notices.service.js';
import { chinaDate, runSupervision } from './runner.js';
import { noticeDocument } from './notice-document.js';
import { noticesWorkbook } from './notices-export.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  updateWebhook,
  webhookDeliveries,
} from './webhooks.service.js';
import { supervisionRepository } from './supervision.repository.js';
import { planSettings } from './settings.js';

const viewerOf = (request: FastifyRequest): NoticeViewer => {
  const u = requireUser(request);
  return { userId: u.id, role: u.role, unitId: u.unitId };
};

const binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

/**
 * Supervision (督办, issue 9): notices with their life, the unit inbox and the secretariat's board, per-plan
 * settings, runs on demand, webhooks; also the daily schedule and the sending of announcements after commit.
 * Reads are never cached: a step taken shows on the next request.
 */
export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Unit officers pass; the service shows them their own unit's notices only and lets them take its steps.
  const noticeReaders = app.authorize({ roles: ['admin', 'secretariat', 'leader', 'unit_officer'] });
  const noticeActors = app.authorize({ roles: ['admin', 'secretariat', 'unit_officer'] });
  const managers = app.authorize({ roles: ['admin', 'secretariat'] });
  const tags = ['supervision'];
  const today = () => chinaDate(app.clock());

  app.get(
    '/supervision/notices',
    {
      onRequest: noticeReaders,
      schema: {
        tags,
        summary: 'List supervision notices (newest first), by plan, unit, level, state, rule',
        querystring: NoticeListQuery,
        response: { 200: NoticePage },
      },
    },
    async (request) => listNotices(app.db, viewerOf(request), request.query),
  );

  app.get(
    '/supervision/notices.xlsx',
    {
      onRequest: noticeReaders,
      schema: {
        tags,
        summary: 'The notices matching the filters as an Excel workbook',
        querystring: NoticeExportQuery,
        response: { 200: binary('An XLSX workbook, one row per notice') },
      },
    },
    async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="supervision-notices.xlsx"')
        .send(await noticesWorkbook(await allNotices(app.db, viewerOf(request), request.query))),
  );

  app.get(
    '/supervision/inbox',
    {
      onRequest: noticeReaders,
      schema: {
        tags,
        summary: 'A unit’s open notices, the step due soonest first (a unit officer’s own unit)',
        querystring: InboxQuery,
        response: { 200: NoticePage },
      },
    },
    async (request) => unitInbox(app.db, viewerOf(request), request.query),
  );

  app.get(
    '/supervision/board',
    {
      onRequest: app.authorize({ roles: ['admin', 'secretariat', 'leader'] }),
      schema: {
        tags,
        summary: 'Open notices by unit and level (the secretariat’s board)',
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (request) => supervisionBoard(app.db, request.query.planId),
  );

  app.get(
    '/supervision/notices/:id',
    {
      onRequest: noticeReaders,
      schema: {
        tags,
        summary: 'A notice with every step of its life and the steps the caller may take',
        params: IdParams,
        response: { 200: NoticeDetail },
      },
    },
    async (request) => noticeDetail(app.db, viewerOf(request), request.params.id),
  );

  app.get(
    '/supervision/notices/:id/document.docx',
    {
      onRequest: noticeReaders,
      schema: {
        tags,
        summary: 'A notice as a Word 督办通知单 (GB/T 9704 layout)',
        params: IdParams,
        response: { 200: binary('A .docx document') },
      },
    },
    async (request, reply) => {
      const { notice } = await noticeDetail(app.db, viewerOf(request), request.params.id);
      const plan = await supervisionRepository.planHead(app.db, notice.planId);
      const { contact } = await planSettings(app.db, notice.planId);
      const bytes = await noticeDocument({
        notice,
        issuer: plan?.issuer ? `${plan.issuer}` : '督查秘书处',
        contact,
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="notice-${notice.id}.docx"`)
        .send(bytes);
    },
  );

  app.post(
    '/supervision/notices/:id/steps',
    {
      onRequest: noticeActors,
      schema: {
        tags,
        summary:
          'Take a step of a notice’s life: sign, start, reply (unit); verify, return, close (secretariat)',
        params: IdParams,
        body: StepBody,
        response: { 200: NoticeDetail },
      },
    },
    async (request) => {
      const { detail, deliveryIds } = await takeNoticeStep(
        app.db,
        viewerOf(request),
        actorOf(request),
        request.params.id,
        request.body,
        today(),
      );
      app.supervisionNotify({ deliveryIds });
      return detail;
    },
  );

  app.get(
    '/plans/:id/supervision/settings',
    {
      onRequest: app.authorize({ roles: ['admin', 'secretariat', 'leader'] }),
      schema: {
        tags,
        summary: 'A plan’s supervision thresholds, e-mail recipients and the 联系人 of its notices',
        params: PlanIdParams,
        response: { 200: Settings },
      },
    },
    async (request) => getSettings(app.db, request.params.id),
  );

  app.put(
    '/plans/:id/supervision/settings',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Set a plan’s supervision thresholds, e-mail recipients and the 联系人 of its notices',
        params: PlanIdParams,
        body: SettingsBody,
        response: { 200: Settings },
      },
    },
    async (request) =>
      putSettings(app.db, actorOf(request), request.params.id, {
        ...request.body,
        thresholds: request.body.thresholds,
      }),
  );

  app.post(
    '/plans/:id/supervision/run',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Run a plan’s supervision rules for a day (today by default); idempotent per day',
        params: PlanIdParams,
        body: RunBody,
        response: { 200: RunResult },
      },
    },
    async (request) => {
      const asOf = request.body.asOf ?? today();
      const r = await runSupervision(app.db, request.params.id, asOf, 'api', actorOf(request));
      app.supervisionNotify({ deliveryIds: r.deliveryIds, events: r.events, asOf });
      return { runId: r.runId, planId: r.planId, asOf: r.asOf, raised: r.raised, escalated: r.escalated };
    },
  );

  app.get(
    '/plans/:id/supervision/runs',
    {
      onRequest: app.authorize({ roles: ['admin', 'secretariat', 'leader'] }),
      schema: {
        tags,
        summary: 'The runs of a plan’s supervision rules, newest first',
        params: PlanIdParams,
        querystring: PageQuery,
        response: { 200: RunPage },
      },
    },
    async (request) => listRuns(app.db, request.params.id, request.query),
  );

  app.get(
    '/webhooks',
    {
      onRequest: managers,
      schema: { tags, summary: 'List webhooks', querystring: PageQuery, response: { 200: WebhookPage } },
    },
    async (request) => listWebhooks(app.db, request.query),
  );

  app.post(
    '/webhooks',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Add a webhook (generic signed JSON, 企业微信 or 钉钉 group robot)',
        body: CreateWebhookBody,
        response: { 201: Webhook },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createWebhook(app.db, actorOf(request), request.body)),
  );

  app.patch(
    '/webhooks/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change a webhook',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: Webhook },
      },
    },
    async (request) => updateWebhook(app.db, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      onRequest: managers,
      schema: { tags, summary: 'Remove a webhook', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await deleteWebhook(app.db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'A webhook’s deliveries, newest first, with each one’s attempts and outcome',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: DeliveryPage },
      },
    },
    async (request) => webhookDeliveries(app.db, request.params.id, request.query),
  );
};
