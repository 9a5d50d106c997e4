import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import { VERSION } from '../health/routes.js';

/**
 * The OpenAPI document, generated from the routes' schemas, at `/api/v1/openapi.json`, and a browsable
 * reference at `/api/docs`. Registered before the routes so that it sees all of them.
 */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      // Shared schemas (the nested item trees of plans and drafts) appear under their own names in components.
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Luoshi (落实) API',
          description:
            'Errors are application/problem+json with a stable `code` and `message: {zh, en}`. Cookie-authenticated ' +
            'writes need the `x-csrf-token` header; bearer tokens do not.',
          version: VERSION,
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'luoshi_session' },
            bearer: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ session: [] }, { bearer: [] }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });

    app.get(
      '/api/v1/openapi.json',
      {
        schema: {
          hide: true,
          response: { 200: Type.Object({}, { additionalProperties: true }) },
        },
      },
      async () => app.swagger(),
    );
  },
  { name: 'luoshi-openapi' },
);
