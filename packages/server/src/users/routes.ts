import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../plugins/auth.js';
import { CreateUserBody, IdParams, UpdateUserBody, User } from './schemas.js';
import { createUser, listUsers, updateUser } from './service.js';

/** Account administration: admins only. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = app.authorize({ roles: ['admin'] });

  app.get(
    '/users',
    {
      onRequest: adminOnly,
      schema: { tags: ['users'], summary: 'List users', response: { 200: Type.Array(User) } },
    },
    async () => listUsers(app.db),
  );

  app.post(
    '/users',
    {
      onRequest: adminOnly,
      schema: { tags: ['users'], summary: 'Create a user', body: CreateUserBody, response: { 201: User } },
    },
    async (request, reply) => {
      const user = await createUser(app.db, actorOf(request), request.body);
      return reply.code(201).send(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'Change a user (name, role, unit, disabled, password)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
    },
    async (request) => updateUser(app.db, actorOf(request), request.params.id, request.body),
  );
};
