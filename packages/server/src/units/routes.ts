import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../plugins/auth.js';
import {
  CreateUnitBody,
  MergeUnitBody,
  Unit,
  UnitIdParams,
  UnitPage,
  UnitsQuery,
  UnitWithTasks,
  UpdateUnitBody,
} from './schemas.js';
import { createUnit, getUnitWithTasks, listUnits, mergeUnit, updateUnit } from './units-service.js';

/** The units registry: everyone logged in reads it except enterprise reporters; admins and the secretariat edit it. */
export const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readers = app.authorize({
    roles: ['admin', 'secretariat', 'leader', 'unit_officer', 'statistics_officer'],
  });
  const editors = app.authorize({ roles: ['admin', 'secretariat'] });

  app.get(
    '/units',
    {
      onRequest: readers,
      config: { cache: true },
      schema: {
        tags: ['units'],
        summary:
          'A page of the units registry (not merged away; filter by name words, kind and jurisdiction)',
        querystring: UnitsQuery,
        response: { 200: UnitPage },
      },
    },
    async (request) => listUnits(app.db, request.query),
  );

  app.post(
    '/units',
    {
      onRequest: editors,
      schema: { tags: ['units'], summary: 'Create a unit', body: CreateUnitBody, response: { 201: Unit } },
    },
    async (request, reply) => reply.code(201).send(await createUnit(app.db, actorOf(request), request.body)),
  );

  app.get(
    '/units/:id',
    {
      onRequest: readers,
      config: { cache: true },
      schema: {
        tags: ['units'],
        summary: 'A unit and its tasks across plans',
        params: UnitIdParams,
        response: { 200: UnitWithTasks },
      },
    },
    async (request) => getUnitWithTasks(app.db, request.params.id),
  );

  app.patch(
    '/units/:id',
    {
      onRequest: editors,
      schema: {
        tags: ['units'],
        summary: 'Change a unit (names, kind, aliases, jurisdiction)',
        params: UnitIdParams,
        body: UpdateUnitBody,
        response: { 200: Unit },
      },
    },
    async (request) => updateUnit(app.db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/units/:id/merge',
    {
      onRequest: editors,
      schema: {
        tags: ['units'],
        summary: 'Merge a duplicate unit into another (its name becomes an alias; its task links move)',
        params: UnitIdParams,
        body: MergeUnitBody,
        response: { 200: Unit },
      },
    },
    async (request) => mergeUnit(app.db, actorOf(request), request.params.id, request.body.intoUnitId),
  );
};
