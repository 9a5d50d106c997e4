import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf, requireUser } from '../plugins/auth.js';
import { IdParams } from '../users/schemas.js';
import { ApiTokenPage, CreateTokenBody, CreatedToken, TokensQuery } from './schemas.js';
import { createApiToken, listApiTokens, revokeApiToken } from './service.js';

/** A user's own API tokens for machine clients. */
export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const loggedIn = app.authorize();

  app.get(
    '/tokens',
    {
      onRequest: loggedIn,
      schema: {
        tags: ['tokens'],
        summary: 'A page of my API tokens',
        querystring: TokensQuery,
        response: { 200: ApiTokenPage },
      },
    },
    async (request) => listApiTokens(app.db, requireUser(request).id, request.query),
  );

  app.post(
    '/tokens',
    {
      onRequest: loggedIn,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the token is shown only in this response)',
        body: CreateTokenBody,
        response: { 201: CreatedToken },
      },
    },
    async (request, reply) => {
      // Under the epoch of the credential that asked: a token is not born from a session that has just ended.
      const created = await createApiToken(
        app.db,
        actorOf(request),
        requireUser(request).id,
        request.body.name,
        request.auth?.epoch,
      );
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      onRequest: loggedIn,
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (owner or admin)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await revokeApiToken(app.db, actorOf(request), requireUser(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
