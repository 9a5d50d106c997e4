import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from './schemas.js';
import { listAudit } from './service.js';

/** The audit log, read-only: there is deliberately no route that changes or deletes an entry. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      onRequest: app.authorize({ roles: ['admin', 'secretariat'] }),
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (newest first)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => listAudit(app.db, request.query),
  );
};
