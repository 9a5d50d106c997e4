import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../plugins/auth.js';
import { Area, AreaIdParams, CreateAreaBody, UpdateAreaBody } from './schemas.js';
import { createArea, listAreas, updateArea } from './areas-service.js';

/** The area tree (行政区划): everyone logged in reads it (jurisdictions are shown everywhere); admins keep it. */
export const areaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['areas'];
  const admins = app.authorize({ roles: ['admin'] });

  app.get(
    '/areas',
    {
      onRequest: app.authorize(),
      config: { cache: true },
      schema: {
        tags,
        summary: 'The area tree: each name and code an area existed under, with its dates',
        response: { 200: Type.Array(Type.Ref('AreaNode')) },
      },
    },
    async () => listAreas(app.db),
  );

  app.post(
    '/areas',
    {
      onRequest: admins,
      schema: {
        tags,
        summary: 'Add an area, or a new period of one (areaKey: a rename or a new code)',
        body: CreateAreaBody,
        response: { 201: Area },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await createArea(app.db, actorOf(request), {
          ...request.body,
          validFrom: request.body.validFrom ?? null,
          validTo: request.body.validTo ?? null,
        }),
      ),
  );

  app.patch(
    '/areas/:id',
    {
      onRequest: admins,
      schema: {
        tags,
        summary:
          'Correct an area (name, code, level, parent, dates, aliases) or make it the home jurisdiction',
        params: AreaIdParams,
        body: UpdateAreaBody,
        response: { 200: Area },
      },
    },
    async (request) => updateArea(app.db, actorOf(request), request.params.id, request.body),
  );
};
