import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  PlanDetail,
  PlanIdParams,
  PlanPage,
  PlanSource,
  PlanVersionDetail,
  PlanVersionDiff,
  PlanVersionSummary,
  PublicPlansQuery,
  VersionDiffParams,
  VersionParams,
} from '../plans/schemas.js';
import { getPlanDocument, getPlanSource, listPlans } from '../plans/plans-service.js';
import { diffPlanVersions, getPlanVersion, listPlanVersions } from '../plans/plan-versions-service.js';
import { JSON_TYPE, prebuilt } from '../plans/routes.js';

/** What anyone may see without logging in: published plans, without the working notes. */
export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['public'];
  app.get(
    '/public/plans',
    {
      config: { cache: true },
      schema: {
        tags,
        summary: 'A page of the published plans',
        security: [],
        querystring: PublicPlansQuery,
        response: { 200: PlanPage },
      },
    },
    async (request, reply) =>
      reply.type(JSON_TYPE).send(prebuilt(await listPlans(app.db, null, request.query))),
  );
  app.get(
    '/public/plans/:id',
    {
      config: { cache: true },
      schema: {
        tags,
        summary: 'A published plan (404 when not published)',
        security: [],
        params: PlanIdParams,
        response: { 200: PlanDetail },
      },
    },
    async (request, reply) =>
      reply.type(JSON_TYPE).send(prebuilt(await getPlanDocument(app.db, request.params.id, null))),
  );
  app.get(
    '/public/plans/:id/source',
    {
      config: { cache: true },
      schema: {
        tags,
        summary: "A published plan's source text (404 when not published)",
        security: [],
        params: PlanIdParams,
        response: { 200: PlanSource },
      },
    },
    async (request) => getPlanSource(app.db, request.params.id, null),
  );
  app.get(
    '/public/plans/:id/versions',
    {
      config: { cache: true },
      schema: {
        tags,
        summary: "A published plan's versions (404 when not published)",
        security: [],
        params: PlanIdParams,
        response: { 200: Type.Array(PlanVersionSummary) },
      },
    },
    async (request) => listPlanVersions(app.db, request.params.id, null),
  );
  app.get(
    '/public/plans/:id/versions/:n',
    {
      config: { cache: true },
      schema: {
        tags,
        summary: 'A version of a published plan as it was confirmed',
        security: [],
        params: VersionParams,
        response: { 200: PlanVersionDetail },
      },
    },
    async (request) => getPlanVersion(app.db, request.params.id, request.params.n, null),
  );
  app.get(
    '/public/plans/:id/versions/:a/diff/:b',
    {
      config: { cache: true },
      schema: {
        tags,
        summary: 'What changed between two versions of a published plan',
        security: [],
        params: VersionDiffParams,
        response: { 200: PlanVersionDiff },
      },
    },
    async (request) => diffPlanVersions(app.db, request.params.id, request.params.a, request.params.b, null),
  );
};
