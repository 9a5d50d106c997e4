import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PlanDetail, PlanIdParams, PlanSource, PlanSummary } from '../plans/schemas.js';
import { getPlanDetail, getPlanSource, listPlans } from '../plans/plans-service.js';

/** What anyone may see without logging in: published plans, without the working notes. */
export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['public'];
  app.get(
    '/public/plans',
    {
      config: { cache: true },
      schema: { tags, summary: 'Published plans', security: [], response: { 200: Type.Array(PlanSummary) } },
    },
    async () => listPlans(app.db, null),
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
    async (request) => getPlanDetail(app.db, request.params.id, null),
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
};
