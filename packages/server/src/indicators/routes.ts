import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { actorOf, requireUser } from '../plugins/auth.js';
import { DomainError } from '../errors/index.js';
import { IdParams } from '../common-schemas.js';
import { PlanIdParams } from '../plans/schemas.js';
import {
  CreateIndicatorBody,
  Dashboard,
  Figure,
  FigureInput,
  ImportResult,
  IndicatorDetail,
  IndicatorListQuery,
  IndicatorPage,
  IndicatorSummary,
  LinkedTarget,
  LinkTargetBody,
  UpdateIndicatorBody,
  UploadFiguresBody,
} from './schemas.js';
import { createIndicator, linkTarget, listIndicators, updateIndicator } from './indicators.service.js';
import { enterFigure } from './figures.service.js';
import { figureFileFormat, importFigures } from './figures-import.service.js';
import { indicatorDetail, planDashboard, today } from './dashboard.service.js';
import { figureTemplateCsv, figureTemplateXlsx } from './template.js';

const AsOfQuery = Type.Object({
  asOf: Type.Optional(
    Type.String({ format: 'date', description: 'Assess as of this day (YYYY-MM-DD); today by default' }),
  ),
});

function badField(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { detail: `${path}: ${message}`, errors: [{ path, message }] });
}

/** The uploaded file, read whole first (at most the body limit), so that no lock is held while a client uploads. */
async function readUploadedFile(request: FastifyRequest): Promise<{ bytes: Buffer; fileName: string }> {
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
 * Indicators, figures and the plan dashboard (issue 8). Reads are never served from the response cache:
 * statuses are computed from the figures on every request, so a new figure shows on the next one.
 */
export const indicatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const loggedIn = app.authorize();
  const managers = app.authorize({ roles: ['admin', 'secretariat'] });
  // Unit officers pass here; the service admits them only for indicators their unit owns.
  const figureEditors = app.authorize({
    roles: ['admin', 'secretariat', 'statistics_officer', 'unit_officer'],
  });
  const tags = ['indicators'];

  app.get(
    '/indicators',
    {
      onRequest: loggedIn,
      schema: {
        tags,
        summary: 'List indicators',
        querystring: IndicatorListQuery,
        response: { 200: IndicatorPage },
      },
    },
    async (request) => listIndicators(app.db, request.query),
  );

  app.post(
    '/indicators',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Create an indicator',
        body: CreateIndicatorBody,
        response: { 201: IndicatorSummary },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createIndicator(app.db, actorOf(request), request.body)),
  );

  app.get(
    '/indicators/:id',
    {
      onRequest: loggedIn,
      schema: {
        tags,
        summary:
          'An indicator with every figure (revisions too), the figures in force and its targets’ status',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: IndicatorDetail },
      },
    },
    async (request) =>
      indicatorDetail(app.db, request.params.id, requireUser(request), request.query.asOf ?? today()),
  );

  app.patch(
    '/indicators/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change an indicator',
        params: IdParams,
        body: UpdateIndicatorBody,
        response: { 200: IndicatorSummary },
      },
    },
    async (request) => updateIndicator(app.db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/indicators/:id/figures',
    {
      onRequest: figureEditors,
      schema: {
        tags,
        summary:
          'Enter a figure (a revision when the area and period already have one; the old stays in history)',
        params: IdParams,
        body: FigureInput,
        response: { 201: Figure },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const figure = await enterFigure(app.db, actorOf(request), user, request.params.id, request.body);
      return reply.code(201).send(figure);
    },
  );

  app.post(
    '/figures/import',
    {
      onRequest: figureEditors,
      schema: {
        tags,
        summary: 'Import figures from CSV or XLSX (multipart field "file"): all or nothing; bad rows listed',
        body: { content: { 'multipart/form-data': { schema: UploadFiguresBody } } },
        response: { 200: ImportResult },
      },
    },
    async (request) => {
      const file = await readUploadedFile(request);
      return importFigures(app.db, actorOf(request), requireUser(request), {
        format: figureFileFormat(file.fileName),
        fileName: file.fileName || null,
        stream: Readable.from([file.bytes]),
      });
    },
  );

  app.get(
    '/figures/template.csv',
    {
      onRequest: loggedIn,
      schema: { tags, summary: 'The figures import template (CSV)', response: { 200: Type.String() } },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="figures-template.csv"')
        .send(figureTemplateCsv()),
  );

  app.get(
    '/figures/template.xlsx',
    {
      onRequest: loggedIn,
      schema: {
        tags,
        summary: 'The figures import template (XLSX)',
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'An XLSX workbook: the header and one real row',
          }),
        },
      },
    },
    async (_request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="figures-template.xlsx"')
        .send(await figureTemplateXlsx()),
  );

  app.patch(
    '/targets/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Link a target to an indicator (null unlinks it)',
        params: IdParams,
        body: LinkTargetBody,
        response: { 200: LinkedTarget },
      },
    },
    async (request) => linkTarget(app.db, actorOf(request), request.params.id, request.body.indicatorId),
  );

  app.get(
    '/plans/:id/dashboard',
    {
      onRequest: loggedIn,
      schema: {
        tags,
        summary: "The plan's indicator dashboard: every target's status, computed live from the figures",
        params: PlanIdParams,
        querystring: AsOfQuery,
        response: { 200: Dashboard },
      },
    },
    async (request) =>
      planDashboard(app.db, request.params.id, requireUser(request), request.query.asOf ?? today()),
  );
};
