import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../plugins/auth.js';
import { CreateUserBody, IdParams, UpdateUserBody, User, UserPage, UsersQuery } from './schemas.js';
import { createUser, listUsers, updateUser } from './service.js';

/** Account administration: admins only. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = app.authorize({ roles: ['admin'] });

  app.get(
    '/users',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'A page of the accounts (filter by name words, role, disabled)',
        querystring: UsersQuery,
        response: { 200: UserPage },
      },
    },
    async (request) => listUsers(app.db, request.query),
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
