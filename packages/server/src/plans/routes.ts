import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, requireUser } from '../plugins/auth.js';
import {
  NodeParams,
  PlanDetail,
  PlanIdParams,
  PlanNodeRef,
  PlanPage,
  PlanSource,
  PlansQuery,
  PlanUnitShare,
  PlanVersionDetail,
  PlanVersionDiff,
  PlanVersionSummary,
  RetiredContent,
  Target,
  TargetInput,
  TargetParams,
  UpdateNodeBody,
  UpdatePlanBody,
  VersionDiffParams,
  VersionParams,
} from './schemas.js';
import { diffPlanVersions, getPlanVersion, listPlanVersions } from './plan-versions-service.js';
import {
  getPlanDocument,
  getRetired,
  getPlanSource,
  listPlans,
  planUnits,
  putTarget,
  updateNode,
  updatePlan,
} from './plans-service.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * JSON the database has written already (plan-document.ts), typed for `reply.send`: a string or bytes sent with a
 * JSON content type skip Fastify's serializer. It still has the route's response schema: tests validate the
 * documents against it on both engines.
 */
export const prebuilt = (json: Buffer | string): never => json as never;

/** Confirmed plans: everyone logged in reads (enterprise reporters only published ones); the secretariat edits. */
export const planRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const loggedIn = app.authorize();
  const editors = app.authorize({ roles: ['admin', 'secretariat'] });
  const internal = app.authorize({
    roles: ['admin', 'secretariat', 'leader', 'unit_officer', 'statistics_officer'],
  });
  const nodeEditors = app.authorize({ roles: ['admin', 'secretariat', 'unit_officer'] });
  const tags = ['plans'];

  app.get(
    '/plans',
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary:
          'A page of the plans list (filter by title words and published; sort by updated, title or id)',
        querystring: PlansQuery,
        response: { 200: PlanPage },
      },
    },
    async (request, reply) =>
      reply.type(JSON_TYPE).send(prebuilt(await listPlans(app.db, requireUser(request), request.query))),
  );

  app.get(
    '/plans/:id',
    // Cached per role and unit until the next write (plugins/read-cache.ts): the plan page is the most read.
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary: 'A plan with its item tree and targets (its source text: GET /plans/:id/source)',
        params: PlanIdParams,
        response: { 200: PlanDetail },
      },
    },
    // The database writes the JSON (plan-document.ts); it is sent as it comes, not serialised again.
    async (request, reply) =>
      reply
        .type(JSON_TYPE)
        .send(prebuilt(await getPlanDocument(app.db, request.params.id, requireUser(request)))),
  );

  app.get(
    '/plans/:id/source',
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary: 'The text a plan was imported from (what its spans point into)',
        params: PlanIdParams,
        response: { 200: PlanSource },
      },
    },
    async (request) => getPlanSource(app.db, request.params.id, requireUser(request)),
  );

  app.get(
    '/plans/:id/versions',
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary: "A plan's confirmed versions, newest first",
        params: PlanIdParams,
        response: { 200: Type.Array(PlanVersionSummary) },
      },
    },
    async (request) => listPlanVersions(app.db, request.params.id, requireUser(request)),
  );

  app.get(
    '/plans/:id/versions/:n',
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary: 'Version n as it was confirmed: its source text, fields, item tree and targets',
        params: VersionParams,
        response: { 200: PlanVersionDetail },
      },
    },
    async (request) => getPlanVersion(app.db, request.params.id, request.params.n, requireUser(request)),
  );

  app.get(
    '/plans/:id/versions/:a/diff/:b',
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary: 'What changed from version a to version b (items paired by id, targets by id)',
        params: VersionDiffParams,
        response: { 200: PlanVersionDiff },
      },
    },
    async (request) =>
      diffPlanVersions(app.db, request.params.id, request.params.a, request.params.b, requireUser(request)),
  );

  app.get(
    '/plans/:id/retired',
    {
      onRequest: loggedIn,
      config: { cache: true },
      schema: {
        tags,
        summary: 'Items and targets re-imports retired, with their notes and units',
        params: PlanIdParams,
        response: { 200: RetiredContent },
      },
    },
    async (request) => getRetired(app.db, request.params.id, requireUser(request)),
  );

  app.patch(
    '/plans/:id',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Rename or (un)publish a plan',
        params: PlanIdParams,
        body: UpdatePlanBody,
        response: { 200: PlanDetail },
      },
    },
    async (request) => updatePlan(app.db, actorOf(request), request.params.id, request.body),
  );

  app.patch(
    '/plans/:id/nodes/:nodeId',
    {
      onRequest: nodeEditors,
      schema: {
        tags,
        summary: "Edit a plan item (unit officers: only the note, only on their unit's items)",
        params: NodeParams,
        body: UpdateNodeBody,
        response: { 200: PlanNodeRef },
      },
    },
    async (request) =>
      updateNode(
        app.db,
        actorOf(request),
        requireUser(request),
        request.params.id,
        request.params.nodeId,
        request.body,
      ),
  );

  app.put(
    '/plans/:id/targets/:targetId',
    {
      onRequest: editors,
      schema: {
        tags,
        summary: 'Correct a target',
        params: TargetParams,
        body: TargetInput,
        response: { 200: Target },
      },
    },
    async (request) =>
      putTarget(app.db, actorOf(request), request.params.id, request.params.targetId, request.body),
  );

  app.get(
    '/plans/:id/units',
    {
      onRequest: internal,
      config: { cache: true },
      schema: {
        tags,
        summary: "Each unit's share of a plan (lead and supporting items)",
        params: PlanIdParams,
        response: { 200: Type.Array(PlanUnitShare) },
      },
    },
    async (request) => planUnits(app.db, request.params.id),
  );
};
